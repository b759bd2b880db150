import type { KeyRing, SecretEnvelope, TradingPartnerRow } from "@ipaas/db";

/**
 * A partner's sealed transport credentials (AS2 private key, SFTP password or key), opened in
 * memory where a transport needs them, like a connection's (docs/architecture.md "Trading partners").
 * Without a key ring a partner with credentials opens with none: its transport then refuses.
 */
export function openPartnerSecrets(row: Pick<TradingPartnerRow, "secrets">, keyRing: KeyRing | null): Record<string, string> {
  const sealed = row.secrets as Record<string, SecretEnvelope>;
  if (Object.keys(sealed).length === 0 || !keyRing) return {};
  return keyRing.decryptAll(sealed);
}
