import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutboundPolicy, OutboundPolicyError } from "../../src/net";
import { As2Error, buildMdn, generateAs2Identity, parseMdn, sendAs2, sendAsyncMdn, verifyMdn, type As2Identity } from "../../src/edi";
import { partnerView, settingsFor, startAs2Endpoint, twoParties, X12 } from "./as2-helpers";

const policy = createOutboundPolicy({ allow: "127.0.0.1" });
let us: As2Identity;
let them: As2Identity;
let stranger: As2Identity;

beforeAll(async () => {
  ({ us, them } = await twoParties());
  stranger = await generateAs2Identity({ commonName: "stranger" });
});
afterAll(() => policy.close());

async function failure(promise: Promise<unknown>): Promise<As2Error> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(As2Error);
  return err as As2Error;
}

describe("AS2 send and receive over a real socket", () => {
  it("round-trips a signed and encrypted message with a signed sync MDN, payload bytes intact", async () => {
    const endpoint = await startAs2Endpoint({ identity: partnerView(us, them) });
    try {
      const result = await sendAs2({ policy, settings: settingsFor(endpoint.url, us, them), secrets: { privateKey: us.privateKey }, payload: X12, fileName: "po.edi" });
      const [got] = endpoint.received;
      expect(got?.headers["content-type"]).toMatch(/^application\/pkcs7-mime; smime-type=enveloped-data/);
      expect(got?.headers["as2-from"]).toBe('"IPAAS US"');
      expect(got?.headers["disposition-notification-options"]).toContain("signed-receipt-micalg=optional, sha-256");
      // The encrypted body does not show the payload.
      expect(got?.body.includes(Buffer.from("ST*850"))).toBe(false);
      expect(got?.result).toMatchObject({ ok: true, signed: true, encrypted: true, signedBy: "ipaas-us", from: "IPAAS US", to: "RETAILER", fileName: "po.edi", contentType: "application/edi-x12" });
      if (!got?.result.ok) throw new Error("not received");
      expect(got.result.payload.equals(X12)).toBe(true);
      expect(got.result.messageId).toBe(result.messageId);
      expect(result.mdn).toMatchObject({ processed: true, signed: true, signedBy: "retailer-them", originalMessageId: result.messageId });
      expect(result.mdn?.mic).toEqual(result.mic);
      expect(got.result.mic).toEqual(result.mic);
    } finally {
      await endpoint.close();
    }
  });

  it("sends and accepts plain messages (no signature, no encryption, unsigned MDN), MIC over the bare payload", async () => {
    const endpoint = await startAs2Endpoint({ identity: { requireSigned: false, requireEncrypted: false } });
    try {
      const settings = settingsFor(endpoint.url, us, them, { sign: false, encrypt: false, partnerCertificate: "", ourCertificate: "" });
      const result = await sendAs2({ policy, settings, secrets: {}, payload: X12 });
      const got = endpoint.received[0]?.result;
      expect(endpoint.received[0]?.headers["content-type"]).toBe("application/edi-x12");
      expect(got).toMatchObject({ ok: true, signed: false, encrypted: false });
      if (!got?.ok) throw new Error("not received");
      expect(got.payload.equals(X12)).toBe(true);
      expect(result.mdn).toMatchObject({ processed: true, signed: false });
      const { createHash } = await import("node:crypto");
      expect(result.mic.value).toBe(createHash("sha256").update(X12).digest("base64"));
    } finally {
      await endpoint.close();
    }
  });

  it("delivers an async MDN to the Receipt-Delivery-Option URL, which verifies against the sent message", async () => {
    const endpoint = await startAs2Endpoint({ identity: partnerView(us, them) });
    const ourMdnEndpoint = await startAs2Endpoint({ identity: null, respond: () => ({ status: 200, headers: {}, body: Buffer.alloc(0) }) });
    try {
      const result = await sendAs2({ policy, settings: settingsFor(endpoint.url, us, them, { mdn: "async" }), secrets: { privateKey: us.privateKey }, payload: X12, asyncMdnUrl: ourMdnEndpoint.url });
      expect(result.mdn).toBeUndefined();
      const got = endpoint.received[0]?.result;
      expect(got?.ok).toBe(true);
      expect(got?.mdn?.asyncUrl).toBe(ourMdnEndpoint.url);
      await sendAsyncMdn({ policy, mdn: got!.mdn! });
      const arrived = ourMdnEndpoint.received[0]!;
      const mdn = parseMdn({ headers: arrived.headers, body: arrived.body, partnerCertificate: them.certificate });
      expect(mdn).toMatchObject({ from: "RETAILER", to: "IPAAS US", signedBy: "retailer-them", originalMessageId: result.messageId });
      expect(() => verifyMdn(mdn, { messageId: result.messageId, mic: result.mic, requireSigned: true })).not.toThrow();
      expect(() => verifyMdn(mdn, { messageId: "<other@x>", mic: result.mic, requireSigned: true })).toThrow(/answers message/);
    } finally {
      await Promise.all([endpoint.close(), ourMdnEndpoint.close()]);
    }
  });

  it("a body changed in transit fails the signature check: negative MDN integrity-check-failed, mdn_failed for the sender", async () => {
    const endpoint = await startAs2Endpoint({ identity: partnerView(us, them, { requireEncrypted: false }), tamper: (body) => Buffer.from(body.toString("latin1").replace("BEG*00*SA*PO1", "BEG*00*SA*PO9"), "latin1") });
    try {
      const err = await failure(sendAs2({ policy, settings: settingsFor(endpoint.url, us, them, { encrypt: false }), secrets: { privateKey: us.privateKey }, payload: X12 }));
      expect(err.code).toBe("mdn_failed");
      expect(err.message).toContain("processed/error: integrity-check-failed");
      expect(err.errorClass).toBe("non_retryable");
      expect(endpoint.received[0]?.result).toMatchObject({ ok: false, error: { code: "integrity_check_failed" } });
    } finally {
      await endpoint.close();
    }
  });

  it("a signature by another certificate is refused (authentication-failed), and an MDN signed by a stranger is refused by the sender", async () => {
    const endpoint = await startAs2Endpoint({ identity: partnerView(us, them, { partnerCertificate: stranger.certificate }) });
    try {
      const err = await failure(sendAs2({ policy, settings: settingsFor(endpoint.url, us, them), secrets: { privateKey: us.privateKey }, payload: X12 }));
      expect(err.code).toBe("mdn_failed");
      expect(err.message).toContain("authentication-failed");
      expect(endpoint.received[0]?.result).toMatchObject({ ok: false, error: { code: "authentication_failed" } });
    } finally {
      await endpoint.close();
    }
    const liar = await startAs2Endpoint({ identity: partnerView(us, them) });
    try {
      // We expect the stranger's signature on the MDN; the partner signs with its own key.
      const err = await failure(sendAs2({ policy, settings: settingsFor(liar.url, us, them, { partnerCertificate: stranger.certificate, encrypt: false }), secrets: { privateKey: us.privateKey }, payload: X12 }));
      expect(err.code).toBe("mdn_signature");
    } finally {
      await liar.close();
    }
  });

  it("a message encrypted for another certificate gets decryption-failed", async () => {
    const endpoint = await startAs2Endpoint({ identity: partnerView(us, them) });
    try {
      const err = await failure(sendAs2({ policy, settings: settingsFor(endpoint.url, us, them, { partnerCertificate: stranger.certificate }), secrets: { privateKey: us.privateKey }, payload: X12 }));
      // The partner's MDN is signed by them, not by the stranger we think we talk to.
      expect(err.code).toBe("mdn_signature");
      expect(endpoint.received[0]?.result).toMatchObject({ ok: false, error: { code: "decryption_failed" } });
      expect(endpoint.received[0]?.result.mdn?.body.toString("latin1")).toContain("processed/error: decryption-failed");
    } finally {
      await endpoint.close();
    }
  });

  it("detects an MDN whose Received-Content-MIC differs from ours", async () => {
    const endpoint = await startAs2Endpoint({
      identity: partnerView(us, them),
      respond: ({ result }) => {
        const mdn = buildMdn({
          from: result.to,
          to: result.from,
          originalMessageId: result.messageId,
          disposition: { processed: true },
          mic: { value: Buffer.alloc(32, 1).toString("base64"), algorithm: "sha-256" },
          explanation: "ok",
          signer: { certificate: them.certificate, privateKey: them.privateKey, algorithm: "sha-256" },
        });
        return { status: 200, headers: mdn.headers, body: mdn.body };
      },
    });
    try {
      const err = await failure(sendAs2({ policy, settings: settingsFor(endpoint.url, us, them), secrets: { privateKey: us.privateKey }, payload: X12 }));
      expect(err.code).toBe("mic_mismatch");
    } finally {
      await endpoint.close();
    }
  });

  it("refuses an unsigned message when the agreement requires signing, and an unknown partner", async () => {
    const endpoint = await startAs2Endpoint({ identity: partnerView(us, them) });
    try {
      const err = await failure(sendAs2({ policy, settings: settingsFor(endpoint.url, us, them, { sign: false }), secrets: {}, payload: X12 }));
      expect(err.message).toContain("insufficient-message-security");
    } finally {
      await endpoint.close();
    }
    const nobody = await startAs2Endpoint({ identity: null });
    try {
      const err = await failure(sendAs2({ policy, settings: settingsFor(nobody.url, us, them, { partnerCertificate: "", encrypt: false }), secrets: { privateKey: us.privateKey }, payload: X12 }));
      expect(err.message).toContain("authentication-failed");
      expect(nobody.received[0]?.result).toMatchObject({ ok: false, error: { code: "unknown_partner" } });
    } finally {
      await nobody.close();
    }
  });

  it("classifies HTTP failures: 503 is retryable http_status, a closed port is retryable transport", async () => {
    const endpoint = await startAs2Endpoint({ identity: partnerView(us, them), respond: () => ({ status: 503, headers: { "retry-after": "7" }, body: Buffer.from("busy") }) });
    try {
      const err = await failure(sendAs2({ policy, settings: settingsFor(endpoint.url, us, them), secrets: { privateKey: us.privateKey }, payload: X12 }));
      expect(err).toMatchObject({ code: "http_status", errorClass: "retryable", retryAfterMs: 7000 });
    } finally {
      await endpoint.close();
    }
    const err = await failure(sendAs2({ policy, settings: settingsFor(endpoint.url, us, them), secrets: { privateKey: us.privateKey }, payload: X12 }));
    expect(err).toMatchObject({ code: "transport", errorClass: "retryable" });
    expect(err.message).not.toContain("PRIVATE KEY");
  });

  it("goes through the outbound policy: loopback is refused unless allow-listed", async () => {
    const endpoint = await startAs2Endpoint({ identity: partnerView(us, them) });
    const strict = createOutboundPolicy();
    try {
      const err = await sendAs2({ policy: strict, settings: settingsFor(endpoint.url, us, them), secrets: { privateKey: us.privateKey }, payload: X12 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OutboundPolicyError);
      expect(endpoint.received).toHaveLength(0);
      const mdn = buildMdn({ from: "A", to: "B", originalMessageId: "<x@y>", disposition: { processed: true }, explanation: "ok" });
      await expect(sendAsyncMdn({ policy: strict, mdn, url: endpoint.url })).rejects.toBeInstanceOf(OutboundPolicyError);
    } finally {
      await Promise.all([endpoint.close(), strict.close()]);
    }
  });

  it("refuses to sign without our key, naming no secret", async () => {
    const err = await failure(sendAs2({ policy, settings: settingsFor("http://127.0.0.1:1/as2", us, them), secrets: {}, payload: X12 }));
    expect(err.code).toBe("config");
  });
});
