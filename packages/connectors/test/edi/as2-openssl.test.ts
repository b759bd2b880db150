import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAs2Message, receiveAs2, type As2Identity } from "../../src/edi";
import { partnerView, settingsFor, twoParties, X12 } from "./as2-helpers";

/**
 * Interoperability with an independent S/MIME implementation: OpenSSL verifies and
 * decrypts what we build, and we open what OpenSSL signs and encrypts.
 */
const hasOpenssl = (() => {
  try {
    execFileSync("openssl", ["version"]);
    return true;
  } catch {
    return false;
  }
})();

let us: As2Identity;
let them: As2Identity;
let dir: string;
const file = (name: string, content?: string | Buffer) => {
  const path = join(dir, name);
  if (content !== undefined) writeFileSync(path, content);
  return path;
};
/** `-binary -crlfeol` on verify: OpenSSL's binary mode otherwise keeps each line's CR of a CRLF-separated part and breaks the digest. */
const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: ["ignore", "pipe", "pipe"] });

beforeAll(async () => {
  ({ us, them } = await twoParties());
  dir = mkdtempSync(join(tmpdir(), "as2-openssl-"));
  file("us.crt", us.certificate);
  file("us.key", us.privateKey);
  file("them.crt", them.certificate);
  file("them.key", them.privateKey);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasOpenssl)("AS2 S/MIME against OpenSSL", () => {
  it("OpenSSL decrypts our message with the partner's key and verifies our signature over the exact payload entity", () => {
    const message = buildAs2Message({ settings: settingsFor("http://partner.test/as2", us, them), secrets: { privateKey: us.privateKey }, payload: X12 });
    file("msg.der", message.body);
    const signed = openssl("cms", "-decrypt", "-inform", "DER", "-in", file("msg.der"), "-recip", file("them.crt"), "-inkey", file("them.key"), "-binary");
    file("signed.eml", signed);
    const content = openssl("cms", "-verify", "-in", file("signed.eml"), "-inform", "SMIME", "-certfile", file("us.crt"), "-CAfile", file("us.crt"), "-purpose", "any", "-binary", "-crlfeol");
    expect(content.toString("latin1")).toMatch(/^Content-Type: application\/edi-x12\r\n/);
    expect(content.subarray(content.indexOf("\r\n\r\n") + 4).equals(X12)).toBe(true);
    // The MIC we expect in the MDN is the digest of exactly what OpenSSL verified.
    expect(message.mic.value).toBe(createHash("sha256").update(content).digest("base64"));
  });

  it("opens a message OpenSSL signed (SHA-256) and encrypted (AES-256) for us", async () => {
    const entity = Buffer.concat([Buffer.from("Content-Type: application/edi-x12\r\nContent-Transfer-Encoding: binary\r\n\r\n"), X12]);
    // OpenSSL signs the content part as given (-binary) and writes the multipart/signed entity.
    openssl("cms", "-sign", "-in", file("entity.bin", entity), "-signer", file("us.crt"), "-inkey", file("us.key"), "-md", "sha256", "-binary", "-out", file("signed.eml"));
    openssl("cms", "-encrypt", "-aes256", "-binary", "-in", file("signed.eml"), "-outform", "DER", "-out", file("enc.der"), file("them.crt"));
    const result = await receiveAs2({
      headers: { "as2-from": "IPAAS US", "as2-to": "RETAILER", "message-id": "<openssl-1@test>", "content-type": "application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m", "disposition-notification-to": "x", "disposition-notification-options": "signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, sha-256" },
      body: readFileSync(file("enc.der")),
      resolve: () => partnerView(us, them),
    });
    expect(result).toMatchObject({ ok: true, signed: true, encrypted: true, signedBy: "ipaas-us" });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.payload.equals(X12)).toBe(true);
    expect(result.mic.value).toBe(createHash("sha256").update(entity).digest("base64"));
    // OpenSSL verifies the signed MDN we answer with.
    const mdnEntity = Buffer.concat([Buffer.from(`Content-Type: ${result.mdn!.headers["Content-Type"]}\r\n\r\n`), result.mdn!.body]);
    const report = openssl("cms", "-verify", "-in", file("mdn.eml", mdnEntity), "-inform", "SMIME", "-CAfile", file("them.crt"), "-purpose", "any", "-binary", "-crlfeol");
    expect(report.toString("latin1")).toContain(`Received-Content-MIC: ${result.mic.value}, sha-256`);
  });
});
