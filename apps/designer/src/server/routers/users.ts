import { z } from "zod";
import { actorOf } from "../context";
import { inviteUser, issuePasswordLink, listUsers, setDisabled, setRole, unlockUser } from "../services/users";
import { adminProcedure, router, viewerProcedure } from "../trpc";

const roleSchema = z.enum(["admin", "analyst", "operator", "viewer"]);
const userId = z.object({ userId: z.uuid() });
const linkSchema = z.object({ path: z.string(), expiresAt: z.date() });
const ok = z.object({ ok: z.literal(true) });

const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  lockedUntil: z.date().nullable(),
  hasPassword: z.boolean(),
  lastSignInAt: z.date().nullable(),
  createdAt: z.date(),
});

export const usersRouter = router({
  /** The signed-in user (the UI hides what their role cannot do). */
  me: viewerProcedure.output(z.object({ id: z.string(), email: z.string(), role: roleSchema })).query(({ ctx }) => ({
    id: ctx.user.id,
    email: ctx.user.email,
    role: ctx.user.role,
  })),

  list: adminProcedure.output(z.array(userSchema)).query(({ ctx }) => listUsers(ctx.db)),

  /** A new user without a password; the admin passes on the one-time set-password link. */
  create: adminProcedure
    .input(z.object({ email: z.email({ message: "email: enter a valid email address" }), name: z.string().trim().max(200).default(""), role: roleSchema }))
    .output(z.object({ userId: z.string(), link: linkSchema }))
    .mutation(async ({ ctx, input }) => {
      const { user, link } = await inviteUser(ctx.db, actorOf(ctx), input);
      return { userId: user.id, link };
    }),

  /** A fresh set-password link (forgotten password); older links stop working. */
  passwordLink: adminProcedure
    .input(userId)
    .output(linkSchema)
    .mutation(({ ctx, input }) => issuePasswordLink(ctx.db, actorOf(ctx), input.userId)),

  setRole: adminProcedure
    .input(userId.extend({ role: roleSchema }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await setRole(ctx.db, actorOf(ctx), input);
      return { ok: true as const };
    }),

  setDisabled: adminProcedure
    .input(userId.extend({ disabled: z.boolean() }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await setDisabled(ctx.db, actorOf(ctx), input);
      return { ok: true as const };
    }),

  unlock: adminProcedure
    .input(userId)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await unlockUser(ctx.db, actorOf(ctx), input.userId);
      return { ok: true as const };
    }),
});
