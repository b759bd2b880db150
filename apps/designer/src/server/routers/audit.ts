import { listAudit, listAuditActions } from "@ipaas/db";
import { z } from "zod";
import { filterDate } from "./schemas";
import { adminProcedure, router } from "../trpc";

const text = z.string().trim().min(1).max(200);

const auditEntrySchema = z.object({
  id: z.number().int(),
  actorId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  /** Before/after of the change, never secret values (writeAudit's contract). */
  summary: z.unknown(),
  ip: z.string().nullable(),
  createdAt: z.date(),
});

export const auditRouter = router({
  /** Newest first; pass `nextCursor` back as `cursor` for the next page. */
  list: adminProcedure
    .input(
      z.object({
        actor: text.optional(),
        action: text.optional(),
        targetType: text.optional(),
        targetId: text.optional(),
        from: filterDate.optional(),
        to: filterDate.optional(),
        cursor: z.number().int().positive().nullish(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .output(z.object({ items: z.array(auditEntrySchema), nextCursor: z.number().int().nullable() }))
    .query(({ ctx, input }) => listAudit(ctx.db, input)),

  /** The actions recorded so far, for the filter dropdown. */
  actions: adminProcedure.output(z.array(z.string())).query(({ ctx }) => listAuditActions(ctx.db)),
});
