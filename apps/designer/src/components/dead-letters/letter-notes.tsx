"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { QueryError } from "@/components/query-error";
import { formatDateTime } from "@/lib/format";
import { useTRPC } from "@/trpc/client";
import type { DeadLetterDetail } from "./procedure-types";

const MAX_COMMENT = 5000;

/** Notes people leave on the letter, and a box to add one (ops roles). */
export function LetterComments({ letter, canComment }: { letter: DeadLetterDetail; canComment: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [body, setBody] = useState("");
  const add = useMutation(
    trpc.deadLetters.comment.mutationOptions({
      onSuccess: async () => {
        setBody("");
        await queryClient.invalidateQueries({ queryKey: trpc.deadLetters.get.queryKey({ id: letter.id }) });
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ id: letter.id, body });
  };
  return (
    <section className="dl-section">
      <h3>Comments</h3>
      {letter.comments.length === 0 && <p className="muted small">No comments yet.</p>}
      <ul className="dl-comments" data-testid="dl-comments">
        {letter.comments.map((c) => (
          <li key={c.id} data-testid="dl-comment">
            <div className="small muted">
              {c.authorEmail ?? "someone"} · {formatDateTime(c.createdAt)}
            </div>
            <div className="dl-comment-body">{c.body}</div>
          </li>
        ))}
      </ul>
      {canComment && (
        <form className="dl-comment-form" onSubmit={submit}>
          <textarea className="input" rows={2} maxLength={MAX_COMMENT} value={body} onChange={(e) => setBody(e.target.value)} placeholder="Waiting for the customer to fix the SKU…" aria-label="New comment" data-testid="dl-comment-input" />
          <button type="submit" className="button button-small" disabled={body.trim() === "" || add.isPending} data-testid="dl-comment-submit">
            {add.isPending ? "Adding…" : "Add comment"}
          </button>
          <QueryError error={add.error} />
        </form>
      )}
    </section>
  );
}

const ACTION_LABELS: Record<string, string> = {
  "dead_letter.resubmit": "retried",
  "dead_letter.discard": "discarded",
  "dead_letter.assign": "assigned",
  "dead_letter.comment": "commented",
};

/** What the summary adds to the action, in words ("with edited input", the reason, …). */
function detail(action: string, summary: unknown, emails: Map<string, string>): string {
  const s = (summary ?? {}) as Record<string, unknown>;
  if (action === "dead_letter.resubmit") return s.editedInput ? "with edited input" : "as is";
  if (action === "dead_letter.discard" && typeof s.reason === "string") return `“${s.reason}”`;
  if (action === "dead_letter.assign") return typeof s.assigneeId === "string" ? `to ${emails.get(s.assigneeId) ?? "a former teammate"}` : "to nobody";
  return "";
}

/** The letter's audit trail: who retried, discarded, assigned or commented, and when. */
export function LetterHistory({ letter }: { letter: DeadLetterDetail }) {
  const trpc = useTRPC();
  const assignees = useQuery(trpc.deadLetters.assignees.queryOptions(undefined, { staleTime: 60_000 }));
  const emails = new Map((assignees.data ?? []).map((u) => [u.id, u.email]));
  return (
    <section className="dl-section">
      <h3>History</h3>
      <ol className="dl-history" data-testid="dl-history">
        <li>
          <span className="muted small">{formatDateTime(letter.createdAt)}</span> failed after {letter.attempts} attempt{letter.attempts === 1 ? "" : "s"}
        </li>
        {letter.history.map((h) => (
          <li key={h.id} data-action={h.action}>
            <span className="muted small">{formatDateTime(h.createdAt)}</span> {h.actorEmail ?? "system"} {ACTION_LABELS[h.action] ?? h.action} {detail(h.action, h.summary, emails)}
          </li>
        ))}
      </ol>
    </section>
  );
}
