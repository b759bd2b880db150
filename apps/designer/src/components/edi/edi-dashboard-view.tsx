"use client";

import { useQuery } from "@tanstack/react-query";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { useState } from "react";
import { ChartCard, GRID, LEGEND, valueAxis } from "@/components/dashboard/chart-card";
import { QueryError } from "@/components/query-error";
import { DataTable, type Column } from "@/components/ui/data-table";
import { formatRelative } from "@/lib/format";
import { useTRPC } from "@/trpc/client";
import type { RouterOutputs } from "@/trpc/types";
import { EdiDocuments } from "./edi-documents";

type Dashboard = RouterOutputs["edi"]["dashboard"];
type PartnerSummary = Dashboard["partners"][number];
const REFRESH_MS = 15_000;
const ALL = "";
const rate = (r: number | null) => (r === null ? "—" : `${Math.round(r * 100)}%`);

/** Their sets in and ours out per UTC day, the same card and axes as the operations dashboard. */
function PartnerCard({ partner }: { partner: PartnerSummary }) {
  const rows = partner.perDay.map((d) => ({ ...d, label: d.day.toISOString().slice(5, 10) }));
  const total = rows.reduce((n, d) => n + d.inbound + d.outbound, 0);
  const e = partner.expectations;
  return (
    <ChartCard
      title={partner.name}
      testId="edi-partner"
      caption={
        <span data-testid={`edi-partner-${partner.name}`}>
          {partner.environment} · their sets accepted by our 997s {rate(partner.inbound.rate)} · ours accepted by theirs <span data-testid="edi-outbound-rate">{rate(partner.outbound.rate)}</span> ({partner.outbound.rejected} rejected, {partner.outbound.pending} waiting) ·{" "}
          <span data-testid="edi-timers">
            {e.open} open, {e.overdue} overdue, {e.met} met, {e.late} late
          </span>
        </span>
      }
      empty={total === 0 ? "No documents in the last 14 days." : null}
      height={180}
    >
      <BarChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid {...GRID} />
        <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#5f6b7a" }} stroke="#d5dae1" tickLine={false} minTickGap={16} />
        <YAxis {...valueAxis()} />
        <Tooltip />
        <Legend {...LEGEND} />
        <Bar dataKey="inbound" name="in" stackId="docs" fill="#1f5fbf" isAnimationActive={false} />
        <Bar dataKey="outbound" name="out" stackId="docs" fill="#7fa7e0" isAnimationActive={false} />
      </BarChart>
    </ChartCard>
  );
}

const PENDING: readonly Column<Dashboard["pending"][number]>[] = [
  { header: "Partner", cell: (p) => p.partnerName },
  { header: "Owed", cell: (p) => `${p.kind} for ${p.setId} ${p.direction}${p.reference ? ` ${p.reference}` : ""}` },
  { header: "Due", cell: (p) => formatRelative(p.dueAt) },
  { header: "State", cell: (p) => <span className={p.state === "overdue" ? "tag tag-error" : "tag"}>{p.state}</span> },
];

const akText = (errors: unknown[]) => errors.map((e) => (typeof e === "object" && e !== null && "message" in e ? String(e.message) : JSON.stringify(e))).join("; ");

/**
 * The EDI dashboard (docs/architecture.md "EDI dashboard and onboarding"): per partner the
 * documents in and out per day, acceptance rates, compliance timers; what is overdue; what was
 * rejected and why; and every document with its raw text and acknowledgements.
 */
export function EdiDashboardView() {
  const trpc = useTRPC();
  const [environment, setEnvironment] = useState(ALL);
  const [selected, setSelected] = useState<string | null>(null);
  const environments = useQuery(trpc.connections.environments.queryOptions());
  const dashboard = useQuery(trpc.edi.dashboard.queryOptions(environment === ALL ? undefined : { environment }, { refetchInterval: REFRESH_MS, placeholderData: (previous) => previous }));
  const data = dashboard.data;
  const rejected: readonly Column<Dashboard["rejected"][number]>[] = [
    { header: "Partner", cell: (r) => r.partnerName },
    {
      header: "Set",
      cell: (r) => (
        <button type="button" className="link-button" onClick={() => setSelected(r.interchangeId)}>
          {r.setId} #{r.controlNumber} {r.direction}
        </button>
      ),
    },
    { header: "Reference", cell: (r) => r.reference ?? "—" },
    { header: "AK errors", cell: (r) => <code className="small">{akText(r.ackErrors) || "—"}</code> },
    { header: "When", cell: (r) => formatRelative(r.createdAt) },
  ];

  return (
    <div className="page page-dashboard">
      <header className="page-header page-header-row">
        <div>
          <h1>EDI</h1>
          <p className="muted">Documents exchanged with trading partners over the last 14 days, their acknowledgements and what is due.</p>
        </div>
        <label className="field">
          Environment
          <select value={environment} onChange={(e) => setEnvironment(e.target.value)} data-testid="edi-environment">
            <option value={ALL}>All environments</option>
            {(environments.data ?? []).map((env) => (
              <option key={env.name} value={env.name}>
                {env.name}
              </option>
            ))}
          </select>
        </label>
      </header>
      <QueryError error={dashboard.error} />
      {!data && dashboard.isPending && <p className="muted">Loading…</p>}
      {data && (
        <div className="dash-body" data-testid="edi-dashboard">
          {data.partners.length === 0 && <p className="muted">No trading partners yet: add one under Partners.</p>}
          <div className="dash-grid">
            {data.partners.map((p) => (
              <PartnerCard key={p.partnerId} partner={p} />
            ))}
          </div>
          <section className="card" data-testid="edi-pending">
            <h2>Open and overdue</h2>
            <DataTable columns={PENDING} rows={data.pending} rowKey={(p) => p.id} rowProps={(p) => ({ "data-testid": "edi-pending-row", "data-state": p.state })} empty="Nothing is due." />
          </section>
          <section className="card" data-testid="edi-rejected">
            <h2>Rejected</h2>
            <DataTable columns={rejected} rows={data.rejected} rowKey={(r) => r.transactionId} rowProps={() => ({ "data-testid": "edi-rejected-row" })} empty="No rejected documents in the last 14 days." />
          </section>
        </div>
      )}
      <EdiDocuments partners={data?.partners ?? []} environment={environment} selected={selected} onSelect={setSelected} />
    </div>
  );
}
