import { StepError } from "@ipaas/flow";

/*
 * A connection's secrets after they leave the database (docs/architecture.md
 * "Connections and the outbound policy"): decrypted only where a connection is
 * opened — the runtime's workers, the designer's test runs and connection tests —
 * and scrubbed from anything a person may see (results, messages, log lines).
 */

/** What decrypts sealed secrets: @ipaas/db's KeyRing (named by shape, so this package needs no database). */
export interface SecretDecrypter<Sealed> {
  decryptAll(sealed: Record<string, Sealed>): Record<string, string>;
}

/** A stored connection row, as far as opening it needs (`secrets`: field → sealed envelope). */
export interface SealedConnection {
  id: string;
  name: string;
  connectorId: string;
  environment: string;
  config: unknown;
  secrets: unknown;
}

/** A connection ready for a connector: plain config and decrypted secrets, in memory only. */
export interface OpenedConnection {
  id: string;
  name: string;
  connectorId: string;
  environment: string;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
}

/**
 * Decrypts a connection's secrets. A connection with secrets cannot be opened
 * without a key: that is a non-retryable step error (retrying cannot conjure a
 * key), and a connection without secrets opens with none configured.
 */
export function openConnection<Sealed>(row: SealedConnection, keyRing: SecretDecrypter<Sealed> | null): OpenedConnection {
  const sealed = row.secrets as Record<string, Sealed>;
  let secrets: Record<string, string> = {};
  if (Object.keys(sealed).length > 0) {
    if (!keyRing) throw new StepError(`Connection "${row.name}" has secrets but IPAAS_ENCRYPTION_KEY is not set`, "non_retryable", "NO_ENCRYPTION_KEY");
    secrets = keyRing.decryptAll(sealed);
  }
  return { id: row.id, name: row.name, connectorId: row.connectorId, environment: row.environment, config: row.config as Record<string, unknown>, secrets };
}

export interface SecretScrubberOptions {
  /** What replaces a secret value; default "[secret]". */
  marker?: string;
  /**
   * Values shorter than this are not scrubbed; default 1 (every non-empty value).
   * Where the text is large (a test run's whole result, log fields), a two-letter
   * value would blank out unrelated words, so those callers pass 4.
   */
  minLength?: number;
}

/**
 * The one way secret values are removed from what leaves the server: in plain
 * text (an error message) or inside a JSON value (a test result, log fields),
 * where a value is matched as JSON writes it, so quotes and backslashes in a
 * secret cannot hide it. Values are replaced in the order they were added.
 */
export class SecretScrubber {
  private readonly values = new Set<string>();
  private readonly marker: string;
  private readonly minLength: number;

  constructor(options: SecretScrubberOptions = {}) {
    this.marker = options.marker ?? "[secret]";
    this.minLength = Math.max(1, options.minLength ?? 1);
  }

  /** Remembers values to scrub (e.g. a connection's decrypted secrets as they are opened). */
  add(values: Iterable<string>): this {
    for (const value of values) if (value.length >= this.minLength) this.values.add(value);
    return this;
  }

  text(text: string): string {
    let out = text;
    for (const value of this.values) out = out.split(value).join(this.marker);
    return out;
  }

  /**
   * A copy of a JSON value without the secrets; the value itself when there is nothing
   * to scrub. Walks the value and scrubs each string and key, rather than editing its
   * JSON text: a secret that looks like a number or `true` would otherwise cut through
   * the JSON's structure and leave text that no longer parses. A number whose digits
   * contain a secret becomes the scrubbed string.
   */
  json<T>(value: T): T {
    if (this.values.size === 0) return value;
    return this.scrubValue(value) as T;
  }

  private scrubValue(value: unknown): unknown {
    if (typeof value === "string") return this.text(value);
    if (typeof value === "number") {
      const text = String(value);
      const scrubbed = this.text(text);
      return scrubbed === text ? value : scrubbed;
    }
    if (Array.isArray(value)) return value.map((item) => this.scrubValue(item));
    // As JSON.stringify would see it (a Date in log fields becomes its ISO text).
    if (value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function") return this.scrubValue((value as { toJSON(): unknown }).toJSON());
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [this.text(key), this.scrubValue(item)]));
    }
    return value;
  }
}
