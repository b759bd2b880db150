import { timingSafeEqual } from "node:crypto";
import { promises as fs } from "node:fs";
import type { AddressInfo } from "node:net";
import { posix, join } from "node:path";
import ssh2, { type Attributes, type ParsedKey, type SFTPWrapper } from "ssh2";
import { sshHostKeyFingerprint } from "../sftp/host-key";

const { Server, utils } = ssh2;
const { STATUS_CODE } = utils.sftp;

export interface SftpServerUser {
  username: string;
  password?: string;
  /** OpenSSH public key (`ecdsa-sha2-nistp256 AAAA…`) or PEM. */
  publicKey?: string;
}

export interface SftpServerOperation {
  op: "open" | "write" | "close" | "rename" | "remove" | "mkdir" | "readdir";
  path: string;
  to?: string;
  user: string;
}

export interface SftpServerControl {
  host: string;
  port: number;
  /** The host key's SHA-256 fingerprint, as `sftpPut`'s `hostKeyFingerprint` setting takes it. */
  hostKeyFingerprint: string;
  /** What clients did, in order (tests assert temp-name-then-rename with it). */
  operations: SftpServerOperation[];
  close(): Promise<void>;
}

const sameBytes = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);

/**
 * An SFTP server on ssh2 for tests and the partner simulator: serves `root` as "/" to
 * the given users (password and/or public-key auth) with OPEN/READ/WRITE/CLOSE,
 * STAT/LSTAT/FSTAT, OPENDIR/READDIR, RENAME (fails if the target exists, as SFTP v3
 * says), REMOVE, MKDIR/RMDIR and REALPATH. Paths cannot leave the root.
 */
export async function startSftpServer(options: { users: SftpServerUser[]; root: string; host?: string; port?: number }): Promise<SftpServerControl> {
  const hostKey = utils.generateKeyPairSync("ecdsa", { bits: 256 });
  const parsedHostKey = utils.parseKey(hostKey.private) as ParsedKey;
  const operations: SftpServerOperation[] = [];
  const root = await fs.realpath(options.root);

  const server = new Server({ hostKeys: [hostKey.private] }, (client) => {
    let user = "";
    client.on("authentication", (ctx) => {
      const known = options.users.find((u) => u.username === ctx.username);
      if (!known) return ctx.reject();
      if (ctx.method === "password" && known.password !== undefined && sameBytes(Buffer.from(ctx.password), Buffer.from(known.password))) {
        user = known.username;
        return ctx.accept();
      }
      if (ctx.method === "publickey" && known.publicKey) {
        const allowed = utils.parseKey(known.publicKey);
        if (allowed instanceof Error || ctx.key.algo !== allowed.type || !sameBytes(ctx.key.data, allowed.getPublicSSH())) return ctx.reject();
        if (ctx.signature && ctx.blob && !allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo)) return ctx.reject();
        user = known.username;
        return ctx.accept();
      }
      return ctx.reject(["password", "publickey"].filter((m) => (m === "password" ? known.password !== undefined : known.publicKey !== undefined)) as ("password" | "publickey")[]);
    });
    client.on("ready", () => {
      client.on("session", (acceptSession) => {
        acceptSession().on("sftp", (acceptSftp) => serveSftp(acceptSftp(), root, (op) => operations.push({ ...op, user })));
      });
    });
    client.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return {
    host: address.address,
    port: address.port,
    hostKeyFingerprint: sshHostKeyFingerprint(parsedHostKey.getPublicSSH()),
    operations,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Handle = { kind: "file"; fd: fs.FileHandle; path: string } | { kind: "dir"; path: string; done: boolean };

function attrsOf(stat: Awaited<ReturnType<typeof fs.stat>>): Attributes {
  return { mode: Number(stat.mode), uid: Number(stat.uid), gid: Number(stat.gid), size: Number(stat.size), atime: Math.floor(Number(stat.atimeMs) / 1000), mtime: Math.floor(Number(stat.mtimeMs) / 1000) };
}

/** One SFTP session: virtual paths under `root`, handles as counters. */
function serveSftp(sftp: SFTPWrapper, root: string, record: (op: Omit<SftpServerOperation, "user">) => void) {
  const handles = new Map<string, Handle>();
  let next = 0;
  const virtual = (path: string) => posix.resolve("/", path);
  const real = (path: string) => join(root, virtual(path));
  const newHandle = (h: Handle) => {
    const id = Buffer.from(String(next++));
    handles.set(id.toString(), h);
    return id;
  };
  const statusOf = (err: unknown) => ((err as NodeJS.ErrnoException).code === "ENOENT" ? STATUS_CODE.NO_SUCH_FILE : (err as NodeJS.ErrnoException).code === "EACCES" ? STATUS_CODE.PERMISSION_DENIED : STATUS_CODE.FAILURE);
  const run = (reqId: number, work: () => Promise<void>) => {
    work().catch((err: unknown) => sftp.status(reqId, statusOf(err)));
  };
  const ok = (reqId: number) => sftp.status(reqId, STATUS_CODE.OK);
  // A client that goes away without CLOSE leaves no open descriptors behind.
  sftp.on("close", () => {
    for (const h of handles.values()) if (h.kind === "file") void h.fd.close().catch(() => undefined);
    handles.clear();
  });

  sftp.on("REALPATH", (reqId, path) => sftp.name(reqId, [{ filename: virtual(path), longname: virtual(path), attrs: {} as Attributes }]));
  sftp.on("OPEN", (reqId, filename, flags) =>
    run(reqId, async () => {
      const mode = utils.sftp.flagsToString(flags) ?? "r";
      const fd = await fs.open(real(filename), mode);
      record({ op: "open", path: virtual(filename) });
      sftp.handle(reqId, newHandle({ kind: "file", fd, path: virtual(filename) }));
    }),
  );
  sftp.on("READ", (reqId, handle, offset, length) =>
    run(reqId, async () => {
      const h = handles.get(handle.toString());
      if (h?.kind !== "file") return void sftp.status(reqId, STATUS_CODE.FAILURE);
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await h.fd.read(buffer, 0, length, offset);
      if (bytesRead === 0) return void sftp.status(reqId, STATUS_CODE.EOF);
      sftp.data(reqId, buffer.subarray(0, bytesRead));
    }),
  );
  sftp.on("WRITE", (reqId, handle, offset, data) =>
    run(reqId, async () => {
      const h = handles.get(handle.toString());
      if (h?.kind !== "file") return void sftp.status(reqId, STATUS_CODE.FAILURE);
      await h.fd.write(data, 0, data.length, offset);
      record({ op: "write", path: h.path });
      ok(reqId);
    }),
  );
  sftp.on("CLOSE", (reqId, handle) =>
    run(reqId, async () => {
      const h = handles.get(handle.toString());
      handles.delete(handle.toString());
      if (h?.kind === "file") {
        await h.fd.close();
        record({ op: "close", path: h.path });
      }
      ok(reqId);
    }),
  );
  sftp.on("FSTAT", (reqId, handle) =>
    run(reqId, async () => {
      const h = handles.get(handle.toString());
      if (h?.kind !== "file") return void sftp.status(reqId, STATUS_CODE.FAILURE);
      sftp.attrs(reqId, attrsOf(await h.fd.stat()));
    }),
  );
  const stat = (reqId: number, path: string) => run(reqId, async () => void sftp.attrs(reqId, attrsOf(await fs.stat(real(path)))));
  sftp.on("STAT", stat);
  sftp.on("LSTAT", stat);
  sftp.on("SETSTAT", (reqId) => ok(reqId));
  sftp.on("FSETSTAT", (reqId) => ok(reqId));
  sftp.on("OPENDIR", (reqId, path) =>
    run(reqId, async () => {
      if (!(await fs.stat(real(path))).isDirectory()) return void sftp.status(reqId, STATUS_CODE.FAILURE);
      sftp.handle(reqId, newHandle({ kind: "dir", path: virtual(path), done: false }));
    }),
  );
  sftp.on("READDIR", (reqId, handle) =>
    run(reqId, async () => {
      const h = handles.get(handle.toString());
      if (h?.kind !== "dir" || h.done) return void sftp.status(reqId, STATUS_CODE.EOF);
      h.done = true;
      record({ op: "readdir", path: h.path });
      const names = await fs.readdir(real(h.path));
      const entries = await Promise.all(
        names.map(async (filename) => {
          const attrs = attrsOf(await fs.stat(join(real(h.path), filename)));
          const kind = (attrs.mode & 0o170000) === 0o040000 ? "d" : "-";
          return { filename, longname: `${kind}rw-r--r-- 1 user group ${attrs.size} Jan 1 00:00 ${filename}`, attrs };
        }),
      );
      sftp.name(reqId, entries);
    }),
  );
  sftp.on("RENAME", (reqId, from, to) =>
    run(reqId, async () => {
      const exists = await fs.stat(real(to)).then(() => true, () => false);
      if (exists) return void sftp.status(reqId, STATUS_CODE.FAILURE, "target exists");
      await fs.rename(real(from), real(to));
      record({ op: "rename", path: virtual(from), to: virtual(to) });
      ok(reqId);
    }),
  );
  sftp.on("REMOVE", (reqId, path) =>
    run(reqId, async () => {
      await fs.unlink(real(path));
      record({ op: "remove", path: virtual(path) });
      ok(reqId);
    }),
  );
  sftp.on("MKDIR", (reqId, path) =>
    run(reqId, async () => {
      await fs.mkdir(real(path));
      record({ op: "mkdir", path: virtual(path) });
      ok(reqId);
    }),
  );
  sftp.on("RMDIR", (reqId, path) => run(reqId, async () => void (await fs.rmdir(real(path)), ok(reqId))));
}
