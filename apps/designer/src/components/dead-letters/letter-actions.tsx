"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { QueryError } from "@/components/query-error";
import { useTRPC } from "@/trpc/client";
import { InputEditor } from "./input-editor";
import type { DeadLetterDetail } from "./procedure-types";

/**
 * Retry as is, edit & retry, or discard with a reason — for an open letter, and
 * only rendered for people whose role may act (the server checks regardless).
 */
/** `input` is the kept input as shown (keys in the schema's order): the editor starts from it. */
export function LetterActions({ letter, input }: { letter: DeadLetterDetail; input: unknown }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<"idle" | "edit" | "discard">("idle");
  const [reason, setReason] = useState("");
  // Everything on the page shows this letter (groups, counts, the drawer): refresh it all.
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.deadLetters.pathKey() });
  const retry = useMutation(trpc.deadLetters.retry.mutationOptions({ onSuccess: refresh }));
  const discard = useMutation(trpc.deadLetters.discard.mutationOptions({ onSuccess: refresh }));
  const busy = retry.isPending || discard.isPending;

  return (
    // Docked to the drawer's bottom while idle, so Retry is at hand while reading a long error or input.
    <section className={mode === "idle" ? "dl-actions dl-actions-docked" : "dl-actions"} aria-label="Actions">
      <div className="dl-action-buttons">
        <button type="button" className="button" disabled={busy} onClick={() => retry.mutate({ id: letter.id })} data-testid="dl-retry">
          {retry.isPending && mode === "idle" ? "Retrying…" : "Retry"}
        </button>
        <button type="button" className="button button-secondary" disabled={busy} onClick={() => setMode(mode === "edit" ? "idle" : "edit")} aria-pressed={mode === "edit"} data-testid="dl-edit-input">
          Edit &amp; retry
        </button>
        <button type="button" className="button button-secondary button-danger" disabled={busy} onClick={() => setMode(mode === "discard" ? "idle" : "discard")} aria-pressed={mode === "discard"} data-testid="dl-discard">
          Discard
        </button>
      </div>
      <QueryError error={retry.error ?? discard.error} />
      {mode === "edit" && <InputEditor letterId={letter.id} initial={input} submitting={retry.isPending} onSubmit={(input) => retry.mutate({ id: letter.id, input })} onCancel={() => setMode("idle")} />}
      {mode === "discard" && (
        <form
          className="dl-discard-form"
          onSubmit={(e) => {
            e.preventDefault();
            discard.mutate({ id: letter.id, reason });
          }}
        >
          <label className="field">
            Why is this letter not needed? (required, recorded in the audit log)
            <input className="input" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Duplicate order, cancelled in the shop" autoFocus data-testid="dl-discard-reason" />
          </label>
          <button type="submit" className="button button-danger button-secondary" disabled={reason.trim() === "" || busy} data-testid="dl-discard-submit">
            {discard.isPending ? "Discarding…" : "Discard letter"}
          </button>
        </form>
      )}
    </section>
  );
}
