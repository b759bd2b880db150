"use client";

import type { FlowDefinition } from "@ipaas/flow";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTRPC } from "@/trpc/client";

export type SaveState = "saved" | "pending" | "saving" | "error";
const DEBOUNCE_MS = 800;

/**
 * Debounced saveDraft of the whole definition after each change, then a refetch
 * of the validation problems. `flush` saves now (before publish or a test run).
 */
export function useAutosave(flowId: string, definition: FlowDefinition, enabled: boolean) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const save = useMutation(trpc.flows.saveDraft.mutationOptions());
  const savedJson = useRef(JSON.stringify(definition));
  const latest = useRef(definition);
  const [state, setState] = useState<SaveState>("saved");
  const [error, setError] = useState<string | null>(null);
  const { mutateAsync } = save;

  const flush = useCallback(async () => {
    const json = JSON.stringify(latest.current);
    if (json === savedJson.current) return;
    setState("saving");
    try {
      await mutateAsync({ flowId, definition: latest.current });
      savedJson.current = json;
      setError(null);
      setState(JSON.stringify(latest.current) === json ? "saved" : "pending");
      await queryClient.invalidateQueries({ queryKey: trpc.flows.validate.queryKey({ flowId }) });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setState("error");
    }
  }, [flowId, mutateAsync, queryClient, trpc]);

  // Before the debounce effect below, so a flush always sees the newest definition.
  useEffect(() => {
    latest.current = definition;
  }, [definition]);

  useEffect(() => {
    if (!enabled || JSON.stringify(definition) === savedJson.current) return;
    setState("pending");
    const timer = setTimeout(() => void flush(), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [definition, enabled, flush]);

  // Leaving the page with unsaved edits: the browser asks first.
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (JSON.stringify(latest.current) !== savedJson.current) e.preventDefault();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, []);

  return { state, error, flush };
}
