import { randomUUID } from "node:crypto";
import { BadRequestError, ConflictError, NotFoundError, PreconditionFailedError } from "@ipaas/db";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z } from "zod";
import type { Context } from "./context";
import { inputProblem } from "./input-guard";
import type { Role } from "./services/users";

const t = initTRPC.context<Context>().create({
  // Dates (createdAt, finishedAt, …) cross the wire as Dates, not strings.
  transformer: superjson,
  errorFormatter({ shape, error, path }) {
    // Input validation failures: a readable message instead of the raw issue JSON,
    // plus per-field messages that forms can show next to their inputs.
    if (error.code === "BAD_REQUEST" && error.cause instanceof z.ZodError) {
      return { ...shape, message: z.prettifyError(error.cause), data: { ...shape.data, zodError: z.flattenError(error.cause), errorId: null } };
    }
    // Unexpected failures carry SQL text, parameters and stack traces: they go to the
    // server log under an id, and the browser gets only the id to quote.
    if (error.code === "INTERNAL_SERVER_ERROR") {
      const errorId = randomUUID();
      console.error(`tRPC ${path ?? "?"} failed (error id ${errorId}):`, error.cause ?? error);
      const { stack: _stack, ...data } = shape.data;
      return { ...shape, message: `Something went wrong on the server (error id ${errorId}); the designer's log has the details.`, data: { ...data, zodError: null, errorId } };
    }
    return { ...shape, data: { ...shape.data, zodError: null, errorId: null } };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Services throw the domain errors of @ipaas/db (docs/architecture.md "Errors and
 * transports"); this turns them into the matching tRPC codes in one place, so
 * procedures stay one-liners and the client sees NOT_FOUND / CONFLICT / BAD_REQUEST / PRECONDITION_FAILED
 * with the service's message instead of a 500.
 */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof NotFoundError) throw new TRPCError({ code: "NOT_FOUND", message: cause.message, cause });
    if (cause instanceof ConflictError) throw new TRPCError({ code: "CONFLICT", message: cause.message, cause });
    if (cause instanceof PreconditionFailedError) throw new TRPCError({ code: "PRECONDITION_FAILED", message: cause.message, cause });
    // InvalidInputError (an edited input field by field, a bad bulk selection) is one of these.
    if (cause instanceof BadRequestError) throw new TRPCError({ code: "BAD_REQUEST", message: cause.message, cause });
  }
  return result;
});

/** Input no schema can describe but Postgres would refuse (NUL, lone surrogates, deep nesting): a 400 naming where. */
const inputGuard = t.middleware(async ({ getRawInput, next }) => {
  const problem = inputProblem(await getRawInput());
  if (problem) throw new TRPCError({ code: "BAD_REQUEST", message: problem });
  return next();
});

const baseProcedure = t.procedure.use(domainErrors).use(inputGuard);

/**
 * Role check for every procedure (docs/architecture.md "Roles and audit").
 * No user → UNAUTHORIZED; a user whose role is not listed → FORBIDDEN. Downstream
 * the context's user is non-null.
 */
export function procedure(allowedRoles: readonly Role[]) {
  return baseProcedure.use(({ ctx, next }) => {
    const { user } = ctx;
    if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
    if (!allowedRoles.includes(user.role)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `The ${user.role} role may not do this (needs ${allowedRoles.join(" or ")}).` });
    }
    return next({ ctx: { ...ctx, user } });
  });
}

/** Read-only access: everyone signed in. */
export const viewerProcedure = procedure(["admin", "analyst", "operator", "viewer"]);
/** Flows, mappings, lookups. */
export const analystProcedure = procedure(["admin", "analyst"]);
/** Runs and dead letters: retry, edit-and-retry, discard, assign. */
export const operatorProcedure = procedure(["admin", "operator"]);
/** Starting a run by hand: analysts test their flows, operators re-drive them. */
export const runnerProcedure = procedure(["admin", "analyst", "operator"]);
/** Users, connections, everything. */
export const adminProcedure = procedure(["admin"]);
