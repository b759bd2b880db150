import { createHash, createPrivateKey, createPublicKey, verify as verifySignatureBytes, X509Certificate } from "node:crypto";
import forge from "node-forge";

/**
 * CMS (PKCS #7) for AS2 on node-forge: detached SignedData, EnvelopedData with AES,
 * and the MIC (docs/architecture.md "EDI transports"). forge signs and decrypts but does
 * not verify SignedData, so verification is done here with Node's crypto.
 */

const { asn1, pki, pkcs7, util } = forge;

export type MicAlgorithm = "sha-256" | "sha-384" | "sha-512" | "sha-1";
/** AS2's micalg names (RFC 5751 §3.4.3.2) → Node's hash names. */
export const MIC_ALGORITHMS: Record<MicAlgorithm, string> = { "sha-256": "sha256", "sha-384": "sha384", "sha-512": "sha512", "sha-1": "sha1" };
const DIGEST_OIDS: Record<string, MicAlgorithm> = {
  [pki.oids.sha256 ?? "2.16.840.1.101.3.4.2.1"]: "sha-256",
  [pki.oids.sha384 ?? "2.16.840.1.101.3.4.2.2"]: "sha-384",
  [pki.oids.sha512 ?? "2.16.840.1.101.3.4.2.3"]: "sha-512",
  [pki.oids.sha1 ?? "1.3.14.3.2.26"]: "sha-1",
};

/** Parses a micalg token (`sha256`, `SHA-256`, `sha-256`) or undefined when it is none we support. */
export function micAlgorithmOf(name: string | undefined): MicAlgorithm | undefined {
  const n = (name ?? "").trim().toLowerCase().replace(/^sha(\d)/, "sha-$1");
  return n in MIC_ALGORITHMS ? (n as MicAlgorithm) : undefined;
}

export interface Mic {
  /** base64 of the digest. */
  value: string;
  algorithm: MicAlgorithm;
}

export const computeMic = (bytes: Uint8Array, algorithm: MicAlgorithm): Mic => ({ value: createHash(MIC_ALGORITHMS[algorithm]).update(bytes).digest("base64"), algorithm });

const binary = (bytes: Uint8Array) => Buffer.from(bytes).toString("binary");
const bytesOf = (text: string) => Buffer.from(text, "binary");

/** A PEM private key (PKCS #1 or #8, encrypted with the passphrase or not) as forge wants it. */
function forgeKey(privateKeyPem: string, passphrase?: string): forge.pki.rsa.PrivateKey {
  const pem = createPrivateKey({ key: privateKeyPem, ...(passphrase ? { passphrase } : {}) }).export({ type: "pkcs8", format: "pem" }).toString();
  return pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
}

/** A short name for a certificate: its subject CN, else the whole subject. */
export function certificateName(certificatePem: string): string {
  const subject = new X509Certificate(certificatePem).subject;
  return /(?:^|\n)CN=([^\n]+)/.exec(subject)?.[1] ?? subject.replace(/\n/g, ", ");
}

/** A detached SignedData (DER) over `content`, with the usual signed attributes. */
export function signDetached(content: Uint8Array, signer: { certificate: string; privateKey: string; passphrase?: string }, algorithm: MicAlgorithm): Buffer {
  const p7 = pkcs7.createSignedData();
  p7.content = util.createBuffer(binary(content));
  const certificate = pki.certificateFromPem(signer.certificate);
  p7.addCertificate(certificate);
  p7.addSigner({
    key: forgeKey(signer.privateKey, signer.passphrase),
    certificate,
    digestAlgorithm: Object.entries(DIGEST_OIDS).find(([, a]) => a === algorithm)?.[0] ?? pki.oids.sha256!,
    authenticatedAttributes: [{ type: pki.oids.contentType!, value: pki.oids.data }, { type: pki.oids.messageDigest! }, { type: pki.oids.signingTime! }],
  });
  p7.sign({ detached: true });
  return bytesOf(asn1.toDer(p7.toAsn1()).getBytes());
}

export type SignatureCheck = { ok: true; algorithm: MicAlgorithm; signedBy: string } | { ok: false; reason: "integrity" | "authentication" | "malformed"; message: string };

const childrenOf = (node: forge.asn1.Asn1): forge.asn1.Asn1[] => (Array.isArray(node.value) ? node.value : []);

/**
 * Verifies a detached SignedData over `content` with the partner's certificate: the
 * messageDigest attribute must equal the content's digest ("integrity": the body was
 * changed) and the signature over the signed attributes must verify with the
 * certificate's key ("authentication": someone else signed).
 */
export function verifyDetached(content: Uint8Array, signatureDer: Uint8Array, certificatePem: string): SignatureCheck {
  let signerInfos: forge.asn1.Asn1[];
  try {
    const msg = pkcs7.messageFromAsn1(asn1.fromDer(binary(signatureDer))) as unknown as { rawCapture?: { signerInfos?: forge.asn1.Asn1[] } };
    signerInfos = msg.rawCapture?.signerInfos ?? [];
  } catch (err) {
    return { ok: false, reason: "malformed", message: `the signature is not a PKCS #7 SignedData (${err instanceof Error ? err.message : String(err)})` };
  }
  if (signerInfos.length === 0) return { ok: false, reason: "malformed", message: "the signature has no signer" };
  const publicKey = createPublicKey(certificatePem);
  let failure: SignatureCheck = { ok: false, reason: "authentication", message: "the signature does not verify with the partner's certificate" };
  for (const info of signerInfos) {
    const fields = childrenOf(info);
    const digestOid = asn1.derToOid(util.createBuffer(String(childrenOf(fields[2]!)[0]?.value ?? "")));
    const algorithm = DIGEST_OIDS[digestOid];
    if (!algorithm) {
      failure = { ok: false, reason: "malformed", message: `unsupported digest algorithm ${digestOid}` };
      continue;
    }
    const hash = MIC_ALGORITHMS[algorithm];
    const attributes = fields.find((f) => f.tagClass === asn1.Class.CONTEXT_SPECIFIC && f.type === 0);
    const signature = bytesOf(String(fields.find((f, i) => i > 2 && f.tagClass === asn1.Class.UNIVERSAL && f.type === asn1.Type.OCTETSTRING)?.value ?? ""));
    let signed: Buffer = Buffer.from(content);
    if (attributes) {
      const digest = childrenOf(attributes)
        .map((attr) => childrenOf(attr))
        .find(([oid]) => asn1.derToOid(util.createBuffer(String(oid?.value ?? ""))) === pki.oids.messageDigest);
      const expected = bytesOf(String(childrenOf(digest?.[1] ?? ({} as forge.asn1.Asn1))[0]?.value ?? ""));
      if (!expected.equals(createHash(hash).update(content).digest())) {
        failure = { ok: false, reason: "integrity", message: "the content's digest differs from the signed digest (the content was changed)" };
        continue;
      }
      // The signature covers the attributes DER-encoded as a SET (RFC 5652 §5.4), not with their [0] tag.
      signed = bytesOf(asn1.toDer(asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, childrenOf(attributes))).getBytes());
    }
    if (verifySignatureBytes(hash, signed, publicKey, signature)) return { ok: true, algorithm, signedBy: certificateName(certificatePem) };
  }
  return failure;
}

/** EnvelopedData (DER) for the partner's certificate, AES-256-CBC. */
export function encryptFor(content: Uint8Array, certificatePem: string): Buffer {
  const p7 = pkcs7.createEnvelopedData();
  p7.addRecipient(pki.certificateFromPem(certificatePem));
  p7.content = util.createBuffer(binary(content));
  p7.encrypt(undefined, pki.oids["aes256-CBC"]);
  return bytesOf(asn1.toDer(p7.toAsn1()).getBytes());
}

/** Decrypts EnvelopedData addressed to our certificate; throws when it is not for us or is damaged. */
export function decryptWith(envelopedDer: Uint8Array, identity: { certificate: string; privateKey: string; passphrase?: string }): Buffer {
  const p7 = pkcs7.messageFromAsn1(asn1.fromDer(binary(envelopedDer))) as forge.pkcs7.PkcsEnvelopedData;
  const recipient = p7.findRecipient(pki.certificateFromPem(identity.certificate));
  if (!recipient) throw new Error("the message is not encrypted for our certificate");
  p7.decrypt(recipient, forgeKey(identity.privateKey, identity.passphrase));
  if (!p7.content) throw new Error("the encrypted content could not be decrypted");
  return bytesOf((p7.content as forge.util.ByteStringBuffer).getBytes());
}
