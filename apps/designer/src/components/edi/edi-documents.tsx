"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { QueryError } from "@/components/query-error";
import { StatusBadge } from "@/components/status-badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { formatDateTime, formatRelative, prettyJson } from "@/lib/format";
import { useTRPC } from "@/trpc/client";
import type { RouterOutputs } from "@/trpc/types";
import { base64Bytes, downloadFile } from "./download";

type DocumentItem = RouterOutputs["edi"]["documents"]["items"][number];
const PAGE = 50;
const SETS = ["850", "855", "856", "810", "846", "940", "945", "997"];
const STATUSES = ["received", "accepted", "accepted_with_errors", "rejected", "duplicate", "unparseable", "queued", "sent", "failed"];

interface Filter {
  partnerId: string;
  direction: "" | "inbound" | "outbound";
  setId: string;
  status: string;
}

function Select(props: { label: string; value: string; options: Array<[string, string]>; onChange(value: string): void; testId: string }) {
  return (
    <label className="field">
      {props.label}
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)} data-testid={props.testId}>
        <option value="">all</option>
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The documents list with its filters; a row opens the detail below it. */
export function EdiDocuments(props: { partners: Array<{ partnerId: string; name: string }>; environment: string; selected: string | null; onSelect(id: string | null): void }) {
  const trpc = useTRPC();
  const [filter, setFilter] = useState<Filter>({ partnerId: "", direction: "", setId: "", status: "" });
  const [offset, setOffset] = useState(0);
  const input = {
    ...(props.environment && { environment: props.environment }),
    ...(filter.partnerId && { partnerId: filter.partnerId }),
    ...(filter.direction && { direction: filter.direction }),
    ...(filter.setId && { setId: filter.setId }),
    ...(filter.status && { status: filter.status }),
    limit: PAGE,
    offset,
  };
  const documents = useQuery(trpc.edi.documents.queryOptions(input, { placeholderData: (previous) => previous }));
  const change = (next: Partial<Filter>) => {
    setFilter({ ...filter, ...next });
    setOffset(0);
  };
  const columns: readonly Column<DocumentItem>[] = [
    { header: "When", cell: (d) => formatRelative(d.createdAt) },
    { header: "Partner", cell: (d) => d.partnerName },
    { header: "Direction", cell: (d) => (d.direction === "inbound" ? "in" : "out") },
    { header: "Sets", cell: (d) => d.sets.join(", ") || "—" },
    { header: "ISA13", cell: (d) => d.controlNumber ?? "—" },
    { header: "Status", cell: (d) => <StatusBadge status={d.status} /> },
    { header: "997", cell: (d) => d.ackStatus },
    {
      header: "Open",
      srOnly: true,
      cell: (d) => (
        <button type="button" className="link-button" onClick={() => props.onSelect(d.id)} data-testid="edi-open-document">
          Details
        </button>
      ),
    },
  ];
  const total = documents.data?.total ?? 0;
  return (
    <section className="card" data-testid="edi-documents">
      <h2>Documents</h2>
      <div className="conn-form-row">
        <Select label="Partner" value={filter.partnerId} options={props.partners.map((p) => [p.partnerId, p.name])} onChange={(partnerId) => change({ partnerId })} testId="edi-filter-partner" />
        <Select label="Direction" value={filter.direction} options={[["inbound", "in"], ["outbound", "out"]]} onChange={(direction) => change({ direction: direction as Filter["direction"] })} testId="edi-filter-direction" />
        <Select label="Set" value={filter.setId} options={SETS.map((s) => [s, s])} onChange={(setId) => change({ setId })} testId="edi-filter-set" />
        <Select label="Status" value={filter.status} options={STATUSES.map((s) => [s, s])} onChange={(status) => change({ status })} testId="edi-filter-status" />
      </div>
      <QueryError error={documents.error} />
      <DataTable columns={columns} rows={documents.data?.items} rowKey={(d) => d.id} rowProps={(d) => ({ "data-testid": "edi-document-row", "data-sets": d.sets.join(","), "data-ack": d.ackStatus })} loading={documents.isPending} empty="No documents match." />
      {total > PAGE && (
        <p className="muted small">
          {offset + 1}–{Math.min(offset + PAGE, total)} of {total}{" "}
          <button type="button" className="link-button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            Newer
          </button>{" "}
          <button type="button" className="link-button" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
            Older
          </button>
        </p>
      )}
      {props.selected && <EdiDocumentDetail key={props.selected} id={props.selected} onClose={() => props.onSelect(null)} />}
    </section>
  );
}

/** One document: raw text a page at a time (the download has every original byte), its sets, their 997 status and the 997s that answered. */
function EdiDocumentDetail({ id, onClose }: { id: string; onClose(): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [rawOffset, setRawOffset] = useState(0);
  const detail = useQuery(trpc.edi.document.queryOptions({ id, rawOffset }, { placeholderData: (previous) => previous }));
  const d = detail.data;
  const download = async () => {
    const file = await queryClient.fetchQuery(trpc.edi.download.queryOptions({ id }));
    downloadFile(file.fileName, base64Bytes(file.base64), "application/edi-x12");
  };
  return (
    <div className="card" data-testid="edi-document-detail">
      <header className="page-header-row">
        <h3>{d ? `${d.partnerName} · ${d.direction} · ${d.sets.join(", ") || "no sets"} · ISA13 ${d.controlNumber ?? "—"}` : "Loading…"}</h3>
        <span className="actions">
          <button type="button" className="button button-secondary" onClick={() => void download()} data-testid="edi-download-raw">
            Download original
          </button>
          <button type="button" className="link-button" onClick={onClose}>
            Close
          </button>
        </span>
      </header>
      <QueryError error={detail.error} />
      {d && (
        <>
          <p className="muted small">
            {formatDateTime(d.createdAt)} · {d.status} · {d.size} bytes{d.transport ? ` · ${d.transport}` : ""}
            {d.lastError ? ` · last error: ${d.lastError}` : ""}
          </p>
          <h4>Transaction sets</h4>
          <ul data-testid="edi-document-sets">
            {d.transactions.map((t) => (
              <li key={t.id} data-ack={t.ackStatus}>
                {t.setId} #{t.controlNumber} (group {t.groupControlNumber}){t.reference ? ` · ${t.reference}` : ""} · {t.status} · 997: <strong>{t.ackStatus}</strong>
                {t.expectations.map((e) => ` · ${e.kind} ${e.state} (due ${formatDateTime(e.dueAt)})`).join("")}
                {t.ackErrors.length > 0 && <pre className="small">{prettyJson(t.ackErrors)}</pre>}
              </li>
            ))}
          </ul>
          {d.issues.length > 0 && <pre className="small">{prettyJson(d.issues)}</pre>}
          <h4>Raw ({d.raw.size} bytes{d.raw.truncated || d.raw.offset > 0 ? `, showing from byte ${d.raw.offset}` : ""})</h4>
          <pre className="mono small" style={{ maxHeight: 400, overflow: "auto", whiteSpace: "pre-wrap" }} data-testid="edi-raw">
            {d.raw.text}
          </pre>
          {(d.raw.truncated || d.raw.offset > 0) && (
            <p className="small">
              <button type="button" className="link-button" disabled={d.raw.previous === null} onClick={() => setRawOffset(d.raw.previous ?? 0)}>
                Previous page
              </button>{" "}
              <button type="button" className="link-button" disabled={d.raw.next === null} onClick={() => setRawOffset(d.raw.next ?? 0)}>
                Next page
              </button>
            </p>
          )}
          <h4>Answered by</h4>
          {d.answeredBy.length === 0 && <p className="muted">No 997 yet.</p>}
          {d.answeredBy.map((a) => (
            <div key={a.id} data-testid="edi-answer">
              <p className="small">
                {a.direction === "inbound" ? "Their" : "Our"} 997, {formatDateTime(a.createdAt)}: {a.sets.map((s) => `${s.setId} #${s.controlNumber} ${s.status}`).join(", ")}
              </p>
              <pre className="mono small">{a.text}</pre>
            </div>
          ))}
        </>
      )}
    </div>
  );
}
