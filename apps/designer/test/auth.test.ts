import { createDb, seedDemo } from "@ipaas/db";
import { createTestDatabase, holdRowLock, lockWaiters, updateRows, type TestDatabase } from "@ipaas/db/testing";
import { demoFlowDefinition } from "@ipaas/flow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth, MAX_FAILED_SIGN_INS, type Auth } from "../src/server/auth";
import { clientIpHeader } from "../src/server/client-ip";
import { userFromHeaders } from "../src/server/context";
import { inviteUser, issuePasswordLink, setDisabled, setRole, unlockUser, type SessionUser } from "../src/server/services/users";
import { auditRows, seededAdmin } from "./helpers";

// Sign-in through better-auth's real HTTP handler (Request in, Response out) on
// real Postgres: cookies, lockout, rate limit, links and the audit trail.
const ORIGIN = "http://localhost:3000";
const ADMIN = { email: "root@example.com", password: "correct horse battery" };
let t: TestDatabase;
let auth: Auth;
let admin: SessionUser;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db, demoFlowDefinition, ADMIN);
  admin = await seededAdmin(t.db);
  auth = createAuth({ db: t.db, secret: "test-secret-test-secret-test-secret-0123", baseURL: ORIGIN });
});
afterAll(async () => {
  await t?.close();
});

let ipCounter = 0;
/** Each test signs in from its own address so the per-IP rate limit stays out of the way unless tested. */
const freshIp = () => `10.0.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;
/** The client address as the server resolved it from the socket (client-ip.ts); clients cannot send this header. */
const fromAddress = (ip: string) => ({ [clientIpHeader()]: ip });

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return auth.handler(
    new Request(`${ORIGIN}/api/auth${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, ...fromAddress(freshIp()), ...headers },
      body: JSON.stringify(body),
    }),
  );
}

async function signIn(email: string, password: string, headers: Record<string, string> = {}) {
  const res = await post("/sign-in/email", { email, password }, headers);
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  return { res, cookie, body: (await res.json()) as { code?: string; message?: string } };
}

const auditActions = async (targetId: string) => (await auditRows(t.db, { targetId })).map((r) => r.action);

describe("sign-in", () => {
  it("signs in with the right password, sets an httpOnly session cookie and audits with the IP", async () => {
    const { res, cookie } = await signIn(ADMIN.email, ADMIN.password, fromAddress("203.0.113.9"));
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().join()).toMatch(/HttpOnly/i);
    const user = await userFromHeaders(auth, t.db, new Headers({ cookie }));
    expect(user).toEqual({ id: admin.id, email: ADMIN.email, role: "admin" });
    const [row] = await auditRows(t.db, { action: "auth.signIn.success", ip: "203.0.113.9" });
    expect(row?.actorId).toBe(admin.id);
  });

  it("refuses a wrong password and unknown users without saying which, auditing both", async () => {
    const wrong = await signIn(ADMIN.email, "not the password");
    const unknown = await signIn("nobody@example.com", "whatever-123");
    expect(wrong.res.status).toBe(401);
    expect(unknown.res.status).toBe(401);
    expect(wrong.body.message).toBe(unknown.body.message);
    expect(wrong.cookie).not.toMatch(/session_token=[^;]+/);
    const failures = await auditRows(t.db, { action: "auth.signIn.failure" });
    expect(failures.map((f) => (f.summary as { email?: string }).email)).toEqual(expect.arrayContaining([ADMIN.email, "nobody@example.com"]));
    await unlockUser(t.db, { id: admin.id, email: admin.email }, admin.id); // reset the failure counter for later tests
  });

  it("locks the account after repeated failures, even for the right password, until an admin unlocks it", async () => {
    const { user } = await inviteUser(t.db, admin, { email: "locked@example.com", name: "", role: "analyst" });
    const link = await issuePasswordLink(t.db, admin, user.id);
    const token = new URL(link.path, ORIGIN).searchParams.get("token")!;
    expect((await post("/reset-password", { newPassword: "first password 1", token })).status).toBe(200);

    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) expect((await signIn("locked@example.com", "bad guess")).res.status).toBe(401);
    const locked = await signIn("locked@example.com", "first password 1");
    expect(locked.res.status).toBe(429);
    expect(locked.body.code).toBe("ACCOUNT_LOCKED");
    expect(await auditActions(user.id)).toContain("user.lock");

    await unlockUser(t.db, admin, user.id);
    expect((await signIn("locked@example.com", "first password 1")).res.status).toBe(200);
  });

  it("rate-limits sign-in attempts per client address", async () => {
    const ip = fromAddress("198.51.100.77");
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await signIn(`probe${i}@example.com`, "guess-guess", ip)).res.status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it("parallel wrong passwords lock the account (each failure counts)", async () => {
    const { user } = await inviteUser(t.db, admin, { email: "parallel@example.com", name: "", role: "analyst" });
    const token = new URL((await issuePasswordLink(t.db, admin, user.id)).path, ORIGIN).searchParams.get("token")!;
    expect((await post("/reset-password", { newPassword: "parallel password 1", token })).status).toBe(200);

    // Make the guesses overlap for certain: a transaction holds the user's row while
    // they run, so each one's failure count waits on that lock; only when all of them
    // wait (pg_stat_activity says so) is the row released. Counting by reading the
    // row and writing count + 1 would then write 1 five times.
    const side = createDb(t.url, { max: 2 });
    const wide = createDb(t.url, { max: MAX_FAILED_SIGN_INS * 3 });
    const wideAuth = createAuth({ db: wide.db, secret: "test-secret-test-secret-test-secret-0123", baseURL: ORIGIN });
    const holder = await holdRowLock(side.pool, "users", user.id);
    try {
      const guesses = Array.from({ length: MAX_FAILED_SIGN_INS }, (_, i) =>
        wideAuth.handler(
          new Request(`${ORIGIN}/api/auth/sign-in/email`, {
            method: "POST",
            headers: { "content-type": "application/json", origin: ORIGIN, ...fromAddress(freshIp()) },
            body: JSON.stringify({ email: "parallel@example.com", password: `guess ${i}` }),
          }),
        ),
      );
      while ((await lockWaiters(side.pool)) < MAX_FAILED_SIGN_INS) await new Promise((resolve) => setTimeout(resolve, 25));
      await holder.release();
      expect((await Promise.all(guesses)).map((r) => r.status)).toEqual(Array(MAX_FAILED_SIGN_INS).fill(401));
    } finally {
      await holder.release();
      await side.close();
      await wide.close();
    }
    const right = await signIn("parallel@example.com", "parallel password 1");
    expect(right.res.status).toBe(429);
    expect(right.body.code).toBe("ACCOUNT_LOCKED");
    expect((await auditActions(user.id)).filter((a) => a === "user.lock")).toHaveLength(1);
  });

  it("a spoofed X-Forwarded-For does not give a client a fresh rate-limit allowance", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const spoofed = { ...fromAddress("198.51.100.78"), "x-forwarded-for": `203.0.113.${i + 1}` };
      statuses.push((await signIn(`spoof${i}@example.com`, "guess-guess", spoofed)).res.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it("expired sessions no longer authenticate", async () => {
    const { cookie } = await signIn(ADMIN.email, ADMIN.password);
    const token = decodeURIComponent(/session_token=([^;]+)/.exec(cookie)![1]!).split(".")[0]!;
    await updateRows(t.db, "sessions", { token }, { expiresAt: new Date(Date.now() - 1000) });
    expect(await userFromHeaders(auth, t.db, new Headers({ cookie }))).toBeNull();
  });

  it("signs out: the session is deleted", async () => {
    const { cookie } = await signIn(ADMIN.email, ADMIN.password);
    expect((await post("/sign-out", {}, { cookie })).status).toBe(200);
    expect(await userFromHeaders(auth, t.db, new Headers({ cookie }))).toBeNull();
  });
});

describe("users", () => {
  it("a new user sets a password through the one-time link; the link works once and a newer one replaces it", async () => {
    const { user, link } = await inviteUser(t.db, admin, { email: "New.Analyst@Example.com", name: "Ana", role: "analyst" });
    expect(user.email).toBe("new.analyst@example.com");
    expect((await signIn(user.email, "whatever-password")).res.status).toBe(401); // no password yet
    const first = new URL(link.path, ORIGIN).searchParams.get("token")!;
    const second = new URL((await issuePasswordLink(t.db, admin, user.id)).path, ORIGIN).searchParams.get("token")!;
    expect((await post("/reset-password", { newPassword: "analyst password", token: first })).status).toBe(400);
    expect((await post("/reset-password", { newPassword: "short", token: second })).status).toBe(400);
    expect((await post("/reset-password", { newPassword: "analyst password", token: second })).status).toBe(200);
    expect((await post("/reset-password", { newPassword: "another password", token: second })).status).toBe(400);
    const { res, cookie } = await signIn(user.email, "analyst password");
    expect(res.status).toBe(200);
    expect(await userFromHeaders(auth, t.db, new Headers({ cookie }))).toMatchObject({ role: "analyst" });
    expect(await auditActions(user.id)).toEqual(expect.arrayContaining(["user.create", "user.passwordLink", "user.password.set", "auth.signIn.success"]));
    // The token itself never reaches the audit log.
    const rows = await auditRows(t.db, { targetId: user.id });
    expect(JSON.stringify(rows)).not.toContain(second);
  });

  it("changing the password needs the current one and signs out other sessions", async () => {
    const { user, link } = await inviteUser(t.db, admin, { email: "changer@example.com", name: "", role: "viewer" });
    const token = new URL(link.path, ORIGIN).searchParams.get("token")!;
    await post("/reset-password", { newPassword: "old password 1", token });
    const other = await signIn(user.email, "old password 1");
    const mine = await signIn(user.email, "old password 1");
    expect((await post("/change-password", { currentPassword: "wrong one!!", newPassword: "new password 2" }, { cookie: mine.cookie })).status).toBe(400);
    const changed = await post("/change-password", { currentPassword: "old password 1", newPassword: "new password 2", revokeOtherSessions: true }, { cookie: mine.cookie });
    expect(changed.status).toBe(200);
    expect(await userFromHeaders(auth, t.db, new Headers({ cookie: other.cookie }))).toBeNull();
    expect((await signIn(user.email, "old password 1")).res.status).toBe(401);
    expect((await signIn(user.email, "new password 2")).res.status).toBe(200);
    expect(await auditActions(user.id)).toContain("user.password.change");
  });

  it("disabling signs the user out at once and refuses sign-in; enabling lets them back", async () => {
    const { user, link } = await inviteUser(t.db, admin, { email: "leaver@example.com", name: "", role: "operator" });
    await post("/reset-password", { newPassword: "leaver password", token: new URL(link.path, ORIGIN).searchParams.get("token")! });
    const { cookie } = await signIn(user.email, "leaver password");
    expect(await userFromHeaders(auth, t.db, new Headers({ cookie }))).not.toBeNull();
    await setDisabled(t.db, admin, { userId: user.id, disabled: true });
    expect(await userFromHeaders(auth, t.db, new Headers({ cookie }))).toBeNull();
    const refused = await signIn(user.email, "leaver password");
    expect(refused.res.status).toBe(403);
    expect(refused.body.code).toBe("ACCOUNT_DISABLED");
    await setDisabled(t.db, admin, { userId: user.id, disabled: false });
    expect((await signIn(user.email, "leaver password")).res.status).toBe(200);
    expect(await auditActions(user.id)).toEqual(expect.arrayContaining(["user.disable", "user.enable"]));
  });

  it("keeps at least one active admin and records role changes", async () => {
    await expect(setRole(t.db, admin, { userId: admin.id, role: "viewer" })).rejects.toThrow(/last active admin/);
    await expect(setDisabled(t.db, admin, { userId: admin.id, disabled: true })).rejects.toThrow(/your own account/);
    const { user } = await inviteUser(t.db, admin, { email: "promoted@example.com", name: "", role: "viewer" });
    await setRole(t.db, admin, { userId: user.id, role: "admin" });
    const [row] = await auditRows(t.db, { action: "user.role", targetId: user.id });
    expect(row?.summary).toMatchObject({ before: "viewer", after: "admin" });
    await expect(inviteUser(t.db, admin, { email: "PROMOTED@example.com", name: "", role: "viewer" })).rejects.toThrow(/exists already/);
  });
});

describe("origin check without a configured public URL", () => {
  // The origin check applies to requests that carry cookies (a browser's), like these.
  it("trusts the origin the browser addressed and refuses other sites", async () => {
    const open = createAuth({ db: t.db, secret: "test-secret-test-secret-test-secret-0123" });
    const attempt = (origin: string) =>
      open.handler(
        new Request("http://localhost:3000/api/auth/sign-in/email", {
          method: "POST",
          headers: { "content-type": "application/json", cookie: "better-auth.session_token=stale", origin, "x-forwarded-host": "127.0.0.1:4567", "x-forwarded-proto": "http", ...fromAddress(freshIp()) },
          body: JSON.stringify({ email: "nobody@example.com", password: "whatever-123" }),
        }),
      );
    expect((await attempt("http://127.0.0.1:4567")).status).toBe(401);
    expect((await attempt("https://evil.example")).status).toBe(403);
  });
});
