import { generateKeyPair, randomBytes, X509Certificate } from "node:crypto";
import { promisify } from "node:util";
import forge from "node-forge";

export interface As2Identity {
  /** Self-signed X.509 certificate (PEM): what the partner gets. */
  certificate: string;
  /** The matching RSA private key (PKCS #8 PEM): sealed as the partner's `privateKey` secret. */
  privateKey: string;
  /** SHA-256 fingerprint of the certificate (colon-separated hex), to read out to the partner. */
  fingerprint: string;
  notAfter: Date;
}

const generateRsa = promisify(generateKeyPair);

/**
 * A self-signed certificate and key for AS2 signing and encryption: the Partners form's
 * "generate our certificate", the partner simulator and tests. RSA 2048 keys are made by
 * Node (fast, native); forge writes the certificate (Node cannot).
 */
export async function generateAs2Identity(params: { commonName: string; organization?: string; validDays?: number }): Promise<As2Identity> {
  const { publicKey, privateKey } = await generateRsa("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  // A positive serial: the top bit of the first byte cleared.
  cert.serialNumber = `0${randomBytes(15).toString("hex")}`;
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(notBefore.getTime() + (params.validDays ?? 730) * 86_400_000);
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  const subject = [{ name: "commonName", value: params.commonName }, ...(params.organization ? [{ name: "organizationName", value: params.organization }] : [])];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, dataEncipherment: true, nonRepudiation: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  const certificate = forge.pki.certificateToPem(cert);
  return { certificate, privateKey, fingerprint: new X509Certificate(certificate).fingerprint256, notAfter };
}
