import { z } from "zod";
import { DEAD_LETTER_STATUSES } from "./enums";
import { filterDate } from "./filter-date";

/**
 * The dead-letter filter, defined once (docs/architecture.md "Dead letters and bulk
 * operations"). Driver-free (`@ipaas/db/dead-letter-filter`) so the browser derives
 * its URL filter from the same schema the API validates with; the groups, the list,
 * the count in a confirmation and a bulk action therefore all match the same rows.
 */

/** A bulk action never touches more than this at once; the UI states the count first. */
export const BULK_LIMIT = 5000;

export const deadLetterStatusSchema = z.enum(DEAD_LETTER_STATUSES);

/**
 * The workbench's filter as the UI states it (the tRPC input). `search` is a business
 * key as a person types it ("1001" also finds "#1001"; blank means no search);
 * `assignee` is "me", "unassigned" or a user id.
 */
export const workbenchFilterSchema = z.object({
  flowId: z.uuid().optional(),
  nodeId: z.string().min(1).optional(),
  errorClass: z.string().min(1).optional(),
  errorCode: z.string().max(200).optional(),
  search: z.string().trim().max(200).optional(),
  assignee: z.union([z.literal("me"), z.literal("unassigned"), z.uuid()]).optional(),
  from: filterDate.optional(),
  to: filterDate.optional(),
});
export type WorkbenchFilter = z.infer<typeof workbenchFilterSchema>;

/** The part of the workbench filter a shareable link carries (no time range). */
export const urlFilterSchema = workbenchFilterSchema.omit({ from: true, to: true });
export type UrlFilter = z.infer<typeof urlFilterSchema>;

/**
 * Which open dead letters a query or bulk action applies to, in stored terms: the
 * workbench filter with "me" resolved to a user id and the search to the business
 * keys it may mean. Every field narrows the set. A bulk operation stores it as run.
 */
export const deadLetterFilterSchema = workbenchFilterSchema.pick({ flowId: true, nodeId: true, errorClass: true, errorCode: true, from: true, to: true }).extend({
  ids: z.array(z.uuid()).optional(),
  /** One business key, or any of several (a search for "1001" also means "#1001"). */
  businessKey: z.union([z.string(), z.array(z.string())]).optional(),
  /** A user's id, or null for letters nobody owns yet. */
  assigneeId: z.uuid().nullable().optional(),
});
export type DeadLetterFilter = z.infer<typeof deadLetterFilterSchema>;

/** What a person picked for a bulk action: letters ticked one by one, or everything a workbench filter matches. */
export const bulkSelectionSchema = z.union([z.object({ ids: z.array(z.uuid()).min(1).max(BULK_LIMIT) }), z.object({ filter: workbenchFilterSchema })]);
export type WorkbenchSelection = z.infer<typeof bulkSelectionSchema>;
