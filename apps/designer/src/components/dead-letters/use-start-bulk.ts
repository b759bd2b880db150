"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/client";

/** Starts a confirmed bulk operation (also the replay dialog's); the workbench refreshes and follows its progress. */
export function useStartBulk(onStarted: (operationId: string) => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.deadLetters.bulk.mutationOptions({
      onSuccess: (result) => {
        void queryClient.invalidateQueries({ queryKey: trpc.deadLetters.pathKey() });
        onStarted(result.operationId);
      },
      // The count changed under us (CONFLICT): recount, so the next confirmation states the new number.
      onError: () => void queryClient.invalidateQueries({ queryKey: trpc.deadLetters.countMatching.queryKey() }),
    }),
  );
}
