import { beforeAll, describe, expect, it } from "vitest";
import { buildAs2Message, parseMdn, receiveAs2, type As2Identity } from "../../src/edi";
import { partnerView, settingsFor, twoParties, X12 } from "./as2-helpers";

let us: As2Identity;
let them: As2Identity;
beforeAll(async () => {
  ({ us, them } = await twoParties());
});

const build = (overrides: Parameters<typeof settingsFor>[3] = {}) => buildAs2Message({ settings: settingsFor("http://partner.test/as2", us, them, overrides), secrets: { privateKey: us.privateKey }, payload: X12 });

describe("receiveAs2 on raw bytes", () => {
  it("accepts an encrypted body sent base64-encoded (Content-Transfer-Encoding: base64, or undeclared)", async () => {
    const message = build();
    for (const headers of [{ ...message.headers, "Content-Transfer-Encoding": "base64" }, { ...message.headers, "Content-Transfer-Encoding": "" }]) {
      const result = await receiveAs2({ headers, body: Buffer.from(message.body.toString("base64")), resolve: () => partnerView(us, them) });
      expect(result).toMatchObject({ ok: true, signed: true, encrypted: true });
      if (result.ok) expect(result.payload.equals(X12)).toBe(true);
    }
  });

  it("refuses a damaged ciphertext with a negative MDN and no payload", async () => {
    const message = build();
    const body = Buffer.from(message.body);
    // Flip a byte near the end: inside the AES-CBC ciphertext.
    body[body.length - 20] = (body[body.length - 20] ?? 0) ^ 0xff;
    const result = await receiveAs2({ headers: message.headers, body, resolve: () => partnerView(us, them) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(["decryption_failed", "integrity_check_failed", "malformed"]).toContain(result.error.code);
    const mdn = parseMdn({ headers: result.mdn!.headers, body: result.mdn!.body, partnerCertificate: them.certificate });
    expect(mdn).toMatchObject({ processed: false, signedBy: "retailer-them", originalMessageId: message.messageId });
    expect(mdn.modifier).toMatch(/^error: (decryption-failed|integrity-check-failed|unexpected-processing-error)$/);
  });

  it("answers with no MDN when none was requested, and refuses an unencrypted message when encryption is required", async () => {
    const none = build({ mdn: "none", encrypt: false });
    const quiet = await receiveAs2({ headers: none.headers, body: none.body, resolve: () => partnerView(us, them, { requireEncrypted: false }) });
    expect(quiet).toMatchObject({ ok: true, mdn: undefined });
    const plain = build({ encrypt: false });
    const refused = await receiveAs2({ headers: plain.headers, body: plain.body, resolve: () => partnerView(us, them) });
    expect(refused).toMatchObject({ ok: false, error: { code: "insufficient_security" } });
    expect(refused.mdn?.body.toString("latin1")).toContain("processed/error: insufficient-message-security");
  });
});
