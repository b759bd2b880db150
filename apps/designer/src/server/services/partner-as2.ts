import { generateAs2Identity } from "@ipaas/connectors";
import { BadRequestError, getTradingPartner, updateTradingPartner, type AuditActor, type Db, type KeyRing, type TradingPartnerView } from "@ipaas/db";

/**
 * "Generate certificate" on the Partners form (docs/architecture.md "Trading partners"): a new
 * self-signed AS2 identity for this partner; the certificate goes into its AS2 settings (to send to
 * the partner), the private key straight into the sealed `privateKey` credential — it never
 * reaches the browser.
 */
export async function generatePartnerAs2Certificate(db: Db, params: { id: string; keyRing: KeyRing | null; actor: AuditActor | null }): Promise<TradingPartnerView> {
  const partner = await getTradingPartner(db, params.id);
  const transport = partner.transport;
  if (transport?.kind !== "as2") throw new BadRequestError("Set the partner's transport to AS2 and save before generating a certificate");
  const identity = await generateAs2Identity({ commonName: `${partner.ourIsaId} for ${partner.name}`.slice(0, 64) });
  return updateTradingPartner(db, {
    id: partner.id,
    fields: { transport: { kind: "as2", settings: { ...transport.settings, ourCertificate: identity.certificate } } },
    secrets: { privateKey: identity.privateKey },
    keyRing: params.keyRing,
    actor: params.actor,
  });
}
