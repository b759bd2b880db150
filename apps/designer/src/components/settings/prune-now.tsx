"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { QueryError } from "@/components/query-error";
import { useTRPC } from "@/trpc/client";
import { describePrune } from "./format";

/** "Prune now": the scheduled prune run once, now (same function, shorter time budget). */
export function usePruneNow() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.retention.pruneNow.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.retention.overview.queryKey() }),
    }),
  );
}
type PruneMutation = ReturnType<typeof usePruneNow>;

export function PruneNowButton({ prune }: { prune: PruneMutation }) {
  return (
    <button type="button" className="button" onClick={() => prune.mutate()} disabled={prune.isPending} data-testid="prune-now">
      {prune.isPending ? "Pruning…" : "Prune now"}
    </button>
  );
}

/** What the last "Prune now" did, or why it failed. */
export function PruneResult({ prune }: { prune: PruneMutation }) {
  return (
    <>
      {prune.data && (
        <p className="notice notice-success" role="status" style={{ display: "block", margin: "0 0 16px" }} data-testid="prune-result">
          {describePrune(prune.data)}
        </p>
      )}
      <QueryError error={prune.error} />
    </>
  );
}
