import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ssh2 from "ssh2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutboundPolicy, OutboundPolicyError } from "../../src/net";
import { SftpError, sftpPollInbound, sftpPut, startSftpServer, type SftpServerControl, type SftpSettings } from "../../src/edi";

const policy = createOutboundPolicy({ allow: "127.0.0.1" });
const keyPair = ssh2.utils.generateKeyPairSync("ecdsa", { bits: 256, passphrase: "key-pass", cipher: "aes256-cbc" });
const X12 = Buffer.from("ISA*00*          *00*          *ZZ*RETAILER       *ZZ*SUPPLIER       *260115*1030*U*00401*000000007*0*T*>~\r\nIEA*0*000000007~\r\n");
let root: string;
let server: SftpServerControl;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "sftp-root-"));
  for (const dir of ["inbound", "outbound"]) mkdirSync(join(root, dir));
  server = await startSftpServer({ root, users: [{ username: "pw-user", password: "s3cret" }, { username: "key-user", publicKey: keyPair.public }] });
});
afterAll(async () => {
  await server.close();
  await policy.close();
  rmSync(root, { recursive: true, force: true });
});

const settings = (overrides: Partial<SftpSettings> = {}): SftpSettings => ({ host: server.host, port: server.port, username: "pw-user", inboundPath: "/outbound", outboundPath: "/inbound", ...overrides });

describe("SFTP against a real ssh2 server", () => {
  it("puts a file with password auth under a temporary name, then renames it into place", async () => {
    server.operations.length = 0;
    const { path } = await sftpPut(settings({ hostKeyFingerprint: server.hostKeyFingerprint }), { password: "s3cret" }, { fileName: "po-1.edi", bytes: X12 }, { policy });
    expect(path).toBe("/inbound/po-1.edi");
    expect(readFileSync(join(root, "inbound", "po-1.edi")).equals(X12)).toBe(true);
    expect(readdirSync(join(root, "inbound"))).toEqual(["po-1.edi"]);
    const writes = server.operations.filter((o) => o.op === "write");
    const rename = server.operations.find((o) => o.op === "rename");
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((w) => /^\/inbound\/\.po-1\.edi\.[0-9a-f]+\.part$/.test(w.path))).toBe(true);
    expect(rename).toMatchObject({ path: writes[0]?.path, to: "/inbound/po-1.edi", user: "pw-user" });
    // The rename comes after the last write and the close.
    expect(server.operations.indexOf(rename!)).toBeGreaterThan(server.operations.lastIndexOf(writes.at(-1)!));
    // Never overwrites: the same name again fails and leaves no temp file behind.
    await expect(sftpPut(settings(), { password: "s3cret" }, { fileName: "po-1.edi", bytes: Buffer.from("other") }, { policy })).rejects.toBeInstanceOf(SftpError);
    expect(readdirSync(join(root, "inbound"))).toEqual(["po-1.edi"]);
    expect(readFileSync(join(root, "inbound", "po-1.edi")).equals(X12)).toBe(true);
  });

  it("polls with key auth (passphrase): each file to the handler, then archived; a failing handler leaves its file", async () => {
    writeFileSync(join(root, "outbound", "a.edi"), X12);
    writeFileSync(join(root, "outbound", "b.edi"), "bad");
    writeFileSync(join(root, "outbound", ".c.edi.123.part"), "half");
    const seen: string[] = [];
    const keySecrets = { privateKey: keyPair.private, passphrase: "key-pass" };
    const result = await sftpPollInbound(settings({ username: "key-user" }), keySecrets, async ({ fileName, bytes }) => {
      seen.push(fileName);
      if (fileName === "b.edi") throw new Error("cannot parse");
      expect(bytes.equals(X12)).toBe(true);
    }, { policy });
    expect(seen.sort()).toEqual(["a.edi", "b.edi"]);
    expect(result).toEqual({ processed: ["a.edi"], failed: [{ fileName: "b.edi", error: "cannot parse" }] });
    expect(readFileSync(join(root, "outbound", "archive", "a.edi")).equals(X12)).toBe(true);
    expect(existsSync(join(root, "outbound", "a.edi"))).toBe(false);
    expect(readFileSync(join(root, "outbound", "b.edi"), "utf8")).toBe("bad");
    expect(existsSync(join(root, "outbound", ".c.edi.123.part"))).toBe(true);

    // The next poll retries b.edi; with after: "delete" it is removed once handled.
    const again = await sftpPollInbound(settings(), { password: "s3cret" }, async () => undefined, { policy, after: "delete" });
    expect(again.processed).toEqual(["b.edi"]);
    expect(existsSync(join(root, "outbound", "b.edi"))).toBe(false);
  });

  it("refuses a wrong password, a wrong key passphrase and a host key that does not match the pinned fingerprint", async () => {
    const wrong = await sftpPut(settings(), { password: "nope" }, { fileName: "x.edi", bytes: X12 }, { policy }).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ code: "auth", errorClass: "non_retryable" });
    expect(String((wrong as Error).message)).not.toContain("nope");
    const badPass = await sftpPut(settings({ username: "key-user" }), { privateKey: keyPair.private, passphrase: "wrong" }, { fileName: "x.edi", bytes: X12 }, { policy }).catch((e: unknown) => e);
    expect(badPass).toBeInstanceOf(SftpError);
    const pinned = await sftpPut(settings({ hostKeyFingerprint: "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }), { password: "s3cret" }, { fileName: "x.edi", bytes: X12 }, { policy }).catch((e: unknown) => e);
    expect(pinned).toMatchObject({ code: "host_key" });
    expect(existsSync(join(root, "inbound", "x.edi"))).toBe(false);
  });

  it("goes through the outbound policy: loopback is refused unless allow-listed", async () => {
    const strict = createOutboundPolicy();
    server.operations.length = 0;
    await expect(sftpPollInbound(settings(), { password: "s3cret" }, async () => undefined, { policy: strict })).rejects.toBeInstanceOf(OutboundPolicyError);
    expect(server.operations).toHaveLength(0);
  });

  it("a closed port is a retryable transport error", async () => {
    const err = await sftpPut(settings({ port: 1 }), { password: "s3cret" }, { fileName: "x.edi", bytes: X12 }, { policy }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "transport", errorClass: "retryable" });
  });
});
