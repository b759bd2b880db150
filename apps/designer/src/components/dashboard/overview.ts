import type { RouterOutputs } from "@/trpc/types";

/** Everything the dashboard draws, as the `dashboard.overview` procedure returns it. */
export type Overview = RouterOutputs["dashboard"]["overview"];
