import type { RouterInputs, RouterOutputs } from "@/trpc/types";
import type { Filter } from "./filters";

/** Procedure types for the workbench's components, derived from the router. */
export type DeadLetterGroup = RouterOutputs["deadLetters"]["groups"]["groups"][number];
export type DeadLetterItem = RouterOutputs["deadLetters"]["list"]["items"][number];
export type DeadLetterDetail = RouterOutputs["deadLetters"]["get"];
export type BulkStatus = RouterOutputs["deadLetters"]["bulkStatus"];
export type BulkInput = RouterInputs["deadLetters"]["bulk"];
export type BulkAction = BulkInput["action"];
export type Assignee = RouterOutputs["deadLetters"]["assignees"][number];

/** What the bulk bar acts on: letters ticked one by one, or everything a filter matches (a group, or the whole view). */
export type Selection = { kind: "ids"; ids: ReadonlySet<string> } | { kind: "filter"; filter: Filter; label: string };
