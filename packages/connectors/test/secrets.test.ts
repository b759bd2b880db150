import { StepError } from "@ipaas/flow";
import { describe, expect, it } from "vitest";
import { createRedactingLogger, openConnection, SecretScrubber } from "../src";

/** A stand-in key ring: "sealed" values are the plain text reversed. */
const reverser = { decryptAll: (sealed: Record<string, string>) => Object.fromEntries(Object.entries(sealed).map(([k, v]) => [k, [...v].reverse().join("")])) };
const row = { id: "c1", name: "Shop", connectorId: "http", environment: "sandbox", config: { baseUrl: "https://x.test" } };

describe("openConnection", () => {
  it("decrypts the sealed secrets and keeps the row's identity and config", () => {
    expect(openConnection({ ...row, secrets: { token: "terces" } }, reverser)).toEqual({ ...row, secrets: { token: "secret" } });
  });

  it("opens a connection without secrets when no key is configured", () => {
    expect(openConnection({ ...row, secrets: {} }, null).secrets).toEqual({});
  });

  it("refuses a connection with secrets without a key, as a non-retryable step error", () => {
    const error = (() => {
      try {
        openConnection({ ...row, secrets: { token: "terces" } }, null);
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(StepError);
    expect(error).toMatchObject({ errorClass: "non_retryable", code: "NO_ENCRYPTION_KEY", message: expect.stringContaining('"Shop"') });
  });
});

describe("SecretScrubber", () => {
  it("replaces every occurrence in text, even one-letter values by default", () => {
    expect(new SecretScrubber().add(["tok3n", "x", ""]).text("bad tok3n (tok3n), x")).toBe("bad [secret] ([secret]), [secret]");
  });

  it("ignores values shorter than minLength, so short ones do not blank out unrelated words", () => {
    expect(new SecretScrubber({ minLength: 4 }).add(["abc", "abcd"]).text("abc abcd")).toBe("abc [secret]");
  });

  it("finds a secret inside a JSON value as JSON writes it (quotes and backslashes included)", () => {
    const secret = 'p"a\\ss';
    const scrubbed = new SecretScrubber().add([secret]).json({ echo: `Bearer ${secret}`, nested: [{ v: secret }], n: 1 });
    expect(scrubbed).toEqual({ echo: "Bearer [secret]", nested: [{ v: "[secret]" }], n: 1 });
  });

  it("returns the value itself when there is nothing to scrub", () => {
    const value = { a: 1 };
    expect(new SecretScrubber({ minLength: 4 }).add(["ab"]).json(value)).toBe(value);
  });
});

describe("createRedactingLogger", () => {
  it("redacts the connection's secrets from messages and fields", () => {
    const lines: unknown[] = [];
    const log = createRedactingLogger({ token: "s3cr3t", short: "ab" }, (level, message, fields) => lines.push({ level, message, fields }));
    log.warn("sent s3cr3t ab", { header: "Bearer s3cr3t" });
    log.info("no fields");
    expect(lines).toEqual([
      { level: "warn", message: "sent [redacted] ab", fields: { header: "Bearer [redacted]" } },
      { level: "info", message: "no fields", fields: undefined },
    ]);
  });

  it("scrubs a secret that looks like a number or a keyword without breaking the value's structure", () => {
    const scrubbed = new SecretScrubber({ minLength: 4 }).add(["12345678", "true"]).json({ account: 123456789, ok: true, text: "id 12345678 is true", list: [12345678, null] });
    expect(scrubbed).toEqual({ account: "[secret]9", ok: true, text: "id [secret] is [secret]", list: ["[secret]", null] });
    expect(JSON.stringify(scrubbed)).not.toContain("12345678");
  });
});
