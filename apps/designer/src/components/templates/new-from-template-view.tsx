"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { QueryError } from "@/components/query-error";
import { useMe } from "@/hooks/use-me";
import { useTRPC } from "@/trpc/client";
import { InstallTemplateForm } from "./install-template-form";
import { NewBlankFlowForm } from "./new-blank-flow-form";
import { TemplateCard } from "./template-card";

/** /flows/new: the prebuilt flows; choosing one opens the form that creates its draft. */
export function NewFromTemplateView() {
  const trpc = useTRPC();
  const { canEditFlows } = useMe();
  const templates = useQuery(trpc.templates.list.queryOptions());
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = templates.data?.find((t) => t.id === selectedId) ?? null;

  return (
    <div className="page">
      <p className="breadcrumb">
        <Link href="/flows">Flows</Link> /
      </p>
      <header className="page-header">
        <h1>New flow</h1>
        <p className="muted">Start from a blank canvas, or from a prebuilt flow: pick one, choose the connections it uses, and it is created as a draft to review and publish.</p>
      </header>
      {canEditFlows && <NewBlankFlowForm />}
      <QueryError error={templates.error} />
      {!canEditFlows && templates.data && <p className="notice notice-warning">Your role can browse templates but not create flows from them.</p>}
      {templates.isPending && <p className="muted">Loading…</p>}
      {templates.data?.length === 0 && <p className="muted">No templates are installed.</p>}
      {/* The key resets the form (name, choices) when another template is chosen. */}
      {selected && canEditFlows && <InstallTemplateForm key={selected.id} template={selected} onCancel={() => setSelectedId(null)} />}
      <div className="template-grid">
        {templates.data?.map((template) => (
          <TemplateCard key={template.id} template={template} selected={template.id === selectedId} onUse={canEditFlows ? () => setSelectedId(template.id) : null} />
        ))}
      </div>
    </div>
  );
}
