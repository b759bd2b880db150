import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTRPCClient } from "@/trpc/client";
import { useMe } from "./use-me";
import type { RouterOutputs } from "@/trpc/types";
import { useDebounced } from "./use-debounced";

export type PreviewResult = RouterOutputs["mappings"]["preview"];

/** Typing pauses longer than this re-evaluate; short enough to feel live. */
const DEBOUNCE_MS = 150;

/**
 * Live evaluation for the result pane. `preview` is a mutation on the server (the
 * sample goes in a POST body), but here it behaves like a query: keyed by what it
 * evaluates, so going back to an earlier expression is answered from the cache and
 * a slow answer for old text can never overwrite the answer for newer text.
 */
export function usePreview(params: { expression: string; sampleText: string; sampleOk: boolean; targetSchema: string | null }) {
  const client = useTRPCClient();
  // Server-side evaluation is analyst+ (the sandbox is not a viewer's tool): viewers read the mapping without a live result.
  const { canEditFlows } = useMe();
  const { expression, sampleText, sampleOk, targetSchema } = params;
  const key = useMemo(() => ({ expression, sampleText, targetSchema }), [expression, sampleText, targetSchema]);
  const debounced = useDebounced(key, DEBOUNCE_MS);
  const query = useQuery({
    queryKey: ["mapping-preview", debounced.expression, debounced.sampleText, debounced.targetSchema],
    queryFn: async () => {
      // Parsed again from the debounced text so the input always matches the key.
      const input: unknown = debounced.sampleText.trim() === "" ? null : JSON.parse(debounced.sampleText);
      const result = await client.mappings.preview.mutate({ expression: debounced.expression, input, targetSchema: debounced.targetSchema });
      return { ...result, expression: debounced.expression };
    },
    enabled: sampleOk && canEditFlows,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
  return {
    data: query.data,
    error: query.error,
    /** True while the shown result is not yet for the current text. */
    pending: query.isFetching || debounced !== key,
  };
}
