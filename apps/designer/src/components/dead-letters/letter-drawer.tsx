"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, type ReactNode } from "react";
import { QueryError } from "@/components/query-error";
import { StatusBadge } from "@/components/status-badge";
import { useMe } from "@/hooks/use-me";
import { formatDateTime, isActiveStatus, prettyJson } from "@/lib/format";
import { useTRPC } from "@/trpc/client";
import { AssigneeSelect } from "./assignee-select";
import { LetterActions } from "./letter-actions";
import { LetterComments, LetterHistory } from "./letter-notes";
import { orderLikeSchema } from "./schema-order";
import type { DeadLetterDetail } from "./procedure-types";

/** A retried letter's run is followed closely until it settles; otherwise the panel refreshes now and then. */
const FOLLOW_MS = 1_000;
const REFRESH_MS = 5_000;

const following = (letter: DeadLetterDetail | undefined) => letter?.status === "resubmitted" && isActiveStatus(letter.runStatus);

/** The letter in the URL (?letter=), as a panel over the right side of the page. */
export function LetterDrawer({ id, onClose, onOpen }: { id: string; onClose: () => void; onOpen: (id: string) => void }) {
  const trpc = useTRPC();
  const letter = useQuery(trpc.deadLetters.get.queryOptions({ id }, { refetchInterval: (q) => (q.state.status === "error" ? false : following(q.state.data) ? FOLLOW_MS : REFRESH_MS) }));
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);

  return (
    <aside className="dl-drawer" aria-label="Dead letter" data-testid="dl-drawer">
      <div className="dl-drawer-top">
        <button type="button" className="link-button" onClick={onClose} data-testid="dl-drawer-close">
          ✕ Close
        </button>
      </div>
      <QueryError error={letter.error} />
      {letter.isPending && <p className="muted">Loading…</p>}
      {letter.data && <LetterBody letter={letter.data} onOpen={onOpen} />}
    </aside>
  );
}

function LetterBody({ letter, onOpen }: { letter: DeadLetterDetail; onOpen: (id: string) => void }) {
  const { canOperate } = useMe();
  const open = letter.status === "open";
  const input = orderLikeSchema(letter.input, letter.inputSchema);
  return (
    <>
      <header className="dl-drawer-header">
        <h2>
          <span className="mono">{letter.businessKey ?? "(no business key)"}</span> <StatusBadge status={letter.status} testId="dl-letter-status" />
        </h2>
        <p className="muted">
          {letter.flowName} · {letter.nodeName}
          {letter.operation && ` (${letter.operation.connectorName} · ${letter.operation.operationName})`}
        </p>
      </header>
      {letter.status === "resubmitted" && <RetryOutcome letter={letter} onOpen={onOpen} />}
      {letter.status === "discarded" && <p className="notice notice-warning">Discarded: {letter.resolution}</p>}
      <dl className="dl-facts">
        <Fact label="Run">
          <Link href={`/runs/${letter.runId}`} className="mono" data-testid="dl-run-link">
            {letter.runId.slice(0, 8)}
          </Link>{" "}
          <StatusBadge status={letter.runStatus} testId="dl-run-status" />
        </Fact>
        <Fact label="Attempts">{letter.attempts}</Fact>
        <Fact label="Failed">{formatDateTime(letter.createdAt)}</Fact>
        <Fact label="Correlation id">
          <span className="mono small">{letter.correlationId}</span>
        </Fact>
        {letter.lineage !== "0" && <Fact label="Item (lineage)">{letter.lineage}</Fact>}
        <Fact label="Assignee">
          {canOperate && open ? <AssignPicker letter={letter} /> : (letter.assigneeEmail ?? <span className="muted">nobody</span>)}
        </Fact>
      </dl>
      <AttemptChain letter={letter} onOpen={onOpen} />
      <ErrorBlock letter={letter} />
      <section className="dl-section">
        <h3>Kept input {letter.inputResolved ? "(the operation's input, after mapping)" : "(the step's input, before mapping)"}</h3>
        <pre data-testid="dl-input">{prettyJson(input)}</pre>
      </section>
      {canOperate && open && <LetterActions letter={letter} input={input} />}
      <LetterComments letter={letter} canComment={canOperate} />
      <LetterHistory letter={letter} />
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The target's answer first (status and body): that is what tells a person what to fix. */
function ErrorBlock({ letter }: { letter: DeadLetterDetail }) {
  const code = letter.error && typeof letter.error === "object" && "code" in letter.error ? String(letter.error.code) : null;
  const body = letter.responseBody;
  return (
    <section className="dl-section dl-error" data-testid="dl-error">
      <h3>Error</h3>
      <p className="dl-error-head">
        {letter.targetStatus !== null && <span className="strong">HTTP {letter.targetStatus}</span>} {code && <span className="tag tag-error">{code}</span>} <span className="tag">{letter.errorClass}</span>
      </p>
      <p>{letter.errorMessage}</p>
      {body !== null && body !== undefined && (
        <>
          <h3>Response body</h3>
          <pre>{typeof body === "string" ? body : prettyJson(body)}</pre>
        </>
      )}
      <details>
        <summary className="small">Full error record</summary>
        <pre>{prettyJson(letter.error)}</pre>
      </details>
    </section>
  );
}

/** "This step failed 2 times in this run": links between a letter and the ones its retries left behind. */
function AttemptChain({ letter, onOpen }: { letter: DeadLetterDetail; onOpen: (id: string) => void }) {
  const chain = letter.attemptChain;
  if (chain.length < 2) return null;
  const position = chain.findIndex((l) => l.id === letter.id) + 1;
  return (
    <section className="dl-section" data-testid="dl-chain">
      <p className="small">
        This step has failed {chain.length} times in this run; this is failure {position} of {chain.length}.
      </p>
      <ol className="dl-chain">
        {chain.map((l, i) => (
          <li key={l.id}>
            {l.id === letter.id ? (
              <span className="strong">#{i + 1} (this one)</span>
            ) : (
              <button type="button" className="link-button" onClick={() => onOpen(l.id)} data-testid={i + 1 < position ? "dl-chain-older" : "dl-chain-newer"}>
                #{i + 1} {i + 1 < position ? "older" : "newer"}
              </button>
            )}{" "}
            <StatusBadge status={l.status} /> <span className="muted small">{formatDateTime(l.createdAt)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** After a retry: where the resumed run stands, live, and the new letter if it failed again. */
function RetryOutcome({ letter, onOpen }: { letter: DeadLetterDetail; onOpen: (id: string) => void }) {
  const status = letter.runStatus;
  const newer = letter.attemptChain.filter((l) => l.status === "open" && l.createdAt > letter.createdAt).at(-1) ?? letter.openInRun.at(-1);
  const text = status === "succeeded" ? "Run succeeded" : isActiveStatus(status) ? `Retried — run is ${status === "failed" ? "retrying" : status}…` : status === "dead" ? "Failed again → new dead letter" : `Run ${status}`;
  return (
    <p className={`notice ${status === "succeeded" ? "notice-success" : status === "dead" ? "notice-error" : "notice-warning"} dl-outcome`} data-testid="dl-retry-outcome" data-status={status} role="status">
      {text}
      {status === "dead" && newer && (
        <>
          {" "}
          <button type="button" className="link-button" onClick={() => onOpen(newer.id)} data-testid="dl-outcome-new-letter">
            open it
          </button>
        </>
      )}
    </p>
  );
}

function AssignPicker({ letter }: { letter: DeadLetterDetail }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const assign = useMutation(trpc.deadLetters.assign.mutationOptions({ onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.deadLetters.pathKey() }) }));
  return (
    <>
      <AssigneeSelect value={letter.assigneeId} onChange={(assigneeId) => assign.mutate({ id: letter.id, assigneeId })} label="" testId="dl-assign" disabled={assign.isPending} />
      <QueryError error={assign.error} />
    </>
  );
}
