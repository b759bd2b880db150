"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { QueryError } from "@/components/query-error";
import { useMe } from "@/hooks/use-me";
import { useTRPC } from "@/trpc/client";
import { OnboardingHarness } from "./onboarding-harness";
import { PartnerForm } from "./partner-form";

/**
 * One trading partner (docs/architecture.md "Trading partners"): its settings at a glance, the
 * form for admins, and the onboarding harness for the people who set partners up.
 */
export function PartnerPage({ id }: { id: string }) {
  const trpc = useTRPC();
  const { isAdmin, canEditFlows } = useMe();
  const [editing, setEditing] = useState(false);
  const partner = useQuery(trpc.partners.byId.queryOptions({ id }));
  const environments = useQuery(trpc.connections.environments.queryOptions());
  const p = partner.data;
  return (
    <div className="page">
      <header className="page-header page-header-row">
        <div>
          <p className="muted small">
            <Link href="/partners">Partners</Link> /
          </p>
          <h1 data-testid="partner-title">{p?.name ?? "Partner"}</h1>
          {p && (
            <p className="muted" data-testid="partner-summary">
              {p.environment} · them {p.theirIsaQualifier}:{p.theirIsaId} (GS {p.theirGsId}) · us {p.ourIsaQualifier}:{p.ourIsaId} (GS {p.ourGsId}) · {p.version} · {p.usageIndicator === "T" ? "test" : "production"} ·{" "}
              {p.transactionSets.map((s) => `${s.set} ${s.direction === "inbound" ? "in" : "out"}`).join(", ") || "no sets"} · {p.transport?.kind.toUpperCase() ?? "no transport"}
              {Object.keys(p.secrets).length > 0 && ` · credentials set: ${Object.keys(p.secrets).join(", ")}`}
            </p>
          )}
        </div>
        {isAdmin && p && !editing && (
          <button type="button" className="button button-secondary" onClick={() => setEditing(true)} data-testid="edit-partner">
            Edit
          </button>
        )}
      </header>
      <QueryError error={partner.error ?? environments.error} />
      {editing && p && <PartnerForm mode="edit" partner={p} environments={(environments.data ?? []).map((e) => e.name)} onDone={() => setEditing(false)} />}
      {p && canEditFlows && <OnboardingHarness partnerId={p.id} partnerName={p.name} />}
      {p && !canEditFlows && <p className="muted">The onboarding harness is for admins and analysts.</p>}
    </div>
  );
}
