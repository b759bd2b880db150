import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/routers/_app";

/** Procedure input/output types for components, derived from the router (no hand-written DTOs). */
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export type FlowSummary = RouterOutputs["flows"]["list"][number];
export type RunSummary = RouterOutputs["runs"]["list"]["items"][number];
export type RunStatus = RunSummary["status"];
export type RunDetail = RouterOutputs["runs"]["byId"];
