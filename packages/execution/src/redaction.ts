import { SecretScrubber } from "@ipaas/connectors";
import { StepError } from "@ipaas/flow";

/** Below this length a "secret" would blank out unrelated words of an output (the same bound as log redaction). */
const SCRUB_MIN_LENGTH = 4;

/** Per opened connection's secrets: a resolved connection is cached and used by many steps. */
const scrubbers = new WeakMap<Record<string, string>, SecretScrubber | null>();

/**
 * The scrubber for one connection's secrets, or null when it has none worth
 * scrubbing: then a result is passed on as it is, without walking it (the hot path).
 */
export function scrubberFor(secrets: Record<string, string>): SecretScrubber | null {
  let scrubber = scrubbers.get(secrets);
  if (scrubber === undefined) {
    const values = Object.values(secrets).filter((s) => s.length >= SCRUB_MIN_LENGTH);
    scrubber = values.length > 0 ? new SecretScrubber({ minLength: SCRUB_MIN_LENGTH }).add(values) : null;
    scrubbers.set(secrets, scrubber);
  }
  return scrubber;
}

/** The same error without the secrets in its message and details (an error body that echoes the request). */
export function scrubError(err: unknown, scrubber: SecretScrubber | null): unknown {
  if (!scrubber) return err;
  if (err instanceof StepError) {
    return new StepError(scrubber.text(err.message), err.errorClass, err.code, err.details && scrubber.json(err.details), err.retryAfterMs);
  }
  if (err instanceof Error) err.message = scrubber.text(err.message);
  return err;
}
