import { authTables, clearFailedSignIns, findUserByEmail, hashPassword, recordFailedSignIn, verifyPassword, writeAudit, type Db, type UserRow } from "@ipaas/db";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { MIN_PASSWORD_LENGTH } from "../lib/password-rules";
import { clientIp, clientIpHeader } from "./client-ip";

/** After this many failed sign-ins in a row the account is locked for LOCK_MINUTES. */
export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_MINUTES = 15;
/** Set-password links (new users, resets) expire after this long. */
export const PASSWORD_LINK_HOURS = 72;
export { MIN_PASSWORD_LENGTH };

export interface AuthOptions {
  db: Db;
  /** Signs session cookies; at least 32 characters. */
  secret: string;
  /** Public URL of the designer; inferred from each request when unset. */
  baseURL?: string;
}

const SIGN_IN = "/sign-in/email";

/**
 * Email + password sign-in with database sessions (better-auth on our own users,
 * sessions, accounts and verifications tables). Sign-up is off: admins create
 * users, who set their password through a one-time link. On top of the library:
 * per-account lockout after repeated failures, disabled users refused, and an
 * audit row for every sign-in attempt and password change.
 */
export function createAuth({ db, secret, baseURL }: AuthOptions) {
  const findUser = async (email: unknown) => (typeof email === "string" ? findUserByEmail(db, email) : undefined);

  return betterAuth({
    secret,
    baseURL,
    // Without a configured public URL, the origin the browser addressed (its Host
    // header) is trusted, so http://127.0.0.1:<port> works as well as localhost;
    // other sites' forms are still refused by the origin check.
    trustedOrigins: baseURL ? undefined : (request) => (request ? [requestOrigin(request)] : []),
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: authTables,
    }),
    // The origin (CSRF) check stays on everywhere, also under NODE_ENV=test, where the library would skip it.
    advanced: {
      database: { generateId: "uuid" },
      disableOriginCheck: false,
      // The rate limit's client address: the one resolved from the socket (and trusted
      // proxies only), never a client's own X-Forwarded-For. See client-ip.ts.
      ipAddress: { ipAddressHeaders: [clientIpHeader()] },
    },
    user: {
      additionalFields: {
        // Read by the tRPC context; never settable through the auth endpoints.
        role: { type: "string", input: false },
        disabledAt: { type: "date", required: false, input: false },
      },
    },
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      resetPasswordTokenExpiresIn: PASSWORD_LINK_HOURS * 3600,
      revokeSessionsOnPasswordReset: true,
      // Links are handed out by admins in the Users page (no mail server needed).
      sendResetPassword: async () => {},
      onPasswordReset: async ({ user }, request) => audit(request, user, "user.password.set", {}),
      // The same scrypt format the seed and `createUser` write.
      password: { hash: hashPassword, verify: ({ hash, password }) => verifyPassword(password, hash) },
    },
    session: {
      // A working day of inactivity signs you out; activity extends the session.
      expiresIn: 60 * 60 * 12,
      updateAge: 60 * 15,
    },
    rateLimit: {
      enabled: true,
      // In Postgres, so every designer replica counts the same attempts.
      storage: "database",
      window: 60,
      max: 300,
      customRules: { [SIGN_IN]: { window: 60, max: 20 } },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_IN) return;
        const user = await findUser((ctx.body as { email?: unknown } | undefined)?.email);
        if (!user) return;
        if (user.disabledAt) {
          await audit(ctx.request, user, "auth.signIn.failure", { reason: "disabled" });
          throw new APIError("FORBIDDEN", { message: "This account is disabled. Ask an admin to enable it.", code: "ACCOUNT_DISABLED" });
        }
        if (user.lockedUntil && user.lockedUntil > new Date()) {
          await audit(ctx.request, user, "auth.signIn.failure", { reason: "locked" });
          throw new APIError("TOO_MANY_REQUESTS", {
            message: `Too many failed sign-ins. Try again after ${user.lockedUntil.toISOString()} or ask an admin to unlock the account.`,
            code: "ACCOUNT_LOCKED",
          });
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path === SIGN_IN) {
          const email = (ctx.body as { email?: unknown } | undefined)?.email;
          const user = await findUser(email);
          const returned = ctx.context.returned;
          if (isAPIError(returned)) {
            // Disabled/locked were audited before the attempt; count only password failures.
            if (returned.body?.code === "ACCOUNT_DISABLED" || returned.body?.code === "ACCOUNT_LOCKED") return;
            if (user) await recordFailure(user);
            await audit(ctx.request, user ?? null, "auth.signIn.failure", { email: typeof email === "string" ? email.toLowerCase() : null, reason: "bad credentials" });
          } else if (user) {
            await clearFailedSignIns(db, user.id);
            await audit(ctx.request, user, "auth.signIn.success", {});
          }
        } else if (ctx.path === "/change-password" && !isAPIError(ctx.context.returned) && ctx.context.session) {
          const { user } = ctx.context.session;
          await audit(ctx.request, { id: user.id, email: user.email }, "user.password.change", {});
        }
      }),
    },
    // Failed attempts are in the audit log with who and where; the library's own warnings add nothing.
    logger: { level: "error" },
    plugins: [nextCookies()],
  });

  async function recordFailure(user: UserRow) {
    const lock = await recordFailedSignIn(db, { userId: user.id, maxFailures: MAX_FAILED_SIGN_INS, lockMinutes: LOCK_MINUTES });
    if (lock) await writeAudit(db, { id: user.id, email: user.email }, { action: "user.lock", targetType: "user", targetId: user.id, summary: { until: lock.lockedUntil.toISOString(), failures: MAX_FAILED_SIGN_INS } });
  }

  async function audit(request: Request | undefined, user: { id: string; email: string } | null, action: string, summary: Record<string, unknown>) {
    await writeAudit(db, { id: user?.id ?? null, email: user?.email ?? null, ip: request ? clientIp(request.headers) : null }, { action, targetType: "user", targetId: user?.id ?? null, summary });
  }
}

export type Auth = ReturnType<typeof createAuth>;

/** Scheme and host the client used (Next.js may rewrite request.url's host to localhost). */
function requestOrigin(request: Request): string {
  const url = new URL(request.url);
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() ?? url.protocol.replace(":", "");
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() ?? request.headers.get("host") ?? url.host;
  return `${proto}://${host}`;
}
