"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/client";
import type { Template } from "./template-card";

/** What the user binds: each connection the template needs, then each trading partner (EDI templates). */
interface Need {
  key: string;
  label: string;
  /** "a shopify connection", "a trading partner": in the prompt and the "missing" notice. */
  kind: string;
  available: Record<string, string[]>;
  createHref: string;
}

function needsOf(template: Template): Need[] {
  return [
    ...template.connections.map((c) => ({ key: c.key, label: `${c.label} (${c.connectorId})`, kind: `${c.connectorId} connection`, available: c.available, createHref: "/connections" })),
    ...template.partners.map((p) => ({ key: p.key, label: `${p.label} (trading partner)`, kind: "trading partner", available: p.available, createHref: "/partners" })),
  ];
}

/** A choice is preselected only when it is the one choice; otherwise the user picks. */
function defaultBindings(needs: Need[], environment: string): Record<string, string> {
  return Object.fromEntries(needs.map((c) => [c.key, c.available[environment]?.length === 1 ? c.available[environment][0]! : ""]));
}

/** Name, environment and one connection (or trading partner) per key the template needs; Create opens the new draft. */
export function InstallTemplateForm({ template, onCancel }: { template: Template; onCancel(): void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const needs = needsOf(template);
  // The list already carries every environment (as the keys of `available`); a
  // template that needs nothing bound falls back to the environments query.
  const environments = useQuery({ ...trpc.connections.environments.queryOptions(), enabled: needs.length === 0 });
  const envNames = needs[0] ? Object.keys(needs[0].available) : (environments.data?.map((e) => e.name) ?? ["sandbox"]);
  const [name, setName] = useState(template.name);
  const [environment, setEnvironment] = useState(envNames.includes("sandbox") ? "sandbox" : (envNames[0] ?? "sandbox"));
  const [bindings, setBindings] = useState(() => defaultBindings(needs, environment));
  const install = useMutation(
    trpc.templates.install.mutationOptions({
      onSuccess: async ({ flowId }) => {
        await queryClient.invalidateQueries(trpc.flows.list.queryFilter());
        router.push(`/flows/${flowId}`);
      },
    }),
  );

  function changeEnvironment(next: string) {
    // Connections and partners belong to one environment: the old choices mean nothing in the new one.
    setEnvironment(next);
    setBindings(defaultBindings(needs, next));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    install.mutate({ templateId: template.id, name, environment, bindings });
  }

  const complete = name.trim() !== "" && needs.every((c) => bindings[c.key]);
  return (
    <form className="card conn-form" onSubmit={submit} data-testid="install-template-form">
      <h2 className="template-form-title">{template.name}</h2>
      <div className="conn-form-row">
        <label className="field field-grow">
          Flow name
          <input className="input" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} data-testid="template-flow-name" />
        </label>
        <label className="field">
          Environment
          <select value={environment} onChange={(e) => changeEnvironment(e.target.value)} data-testid="template-environment">
            {envNames.map((env) => (
              <option key={env} value={env}>
                {env}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="conn-form-row">
        {needs.map((c) => {
          const options = c.available[environment] ?? [];
          return (
            <label key={c.key} className="field">
              {c.label}
              {options.length > 0 ? (
                <select value={bindings[c.key] ?? ""} onChange={(e) => setBindings({ ...bindings, [c.key]: e.target.value })} data-testid={`template-binding-${c.key}`}>
                  <option value="">Choose a {c.kind}…</option>
                  {options.map((option) => (
                    <option key={option} value={option}>
                      {option}
                    </option>
                  ))}
                </select>
              ) : (
                <span className="notice notice-warning template-missing" data-testid={`template-missing-${c.key}`}>
                  No {c.kind} in {environment}. <Link href={c.createHref}>Create one</Link>
                </span>
              )}
            </label>
          );
        })}
      </div>
      <MissingLookups tables={template.lookups.missing[environment] ?? []} environment={environment} />
      <div className="conn-form-actions">
        <button type="submit" className="button" disabled={install.isPending || !complete} aria-busy={install.isPending} data-testid="create-from-template">
          Create
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {install.error && (
        <p className="notice notice-error" role="alert">
          {install.error.message}
        </p>
      )}
    </form>
  );
}

/** The cross-reference tables the template reads that the environment lacks (or holds no entries of): its runs would fail with LOOKUP_MISSING until they are filled. */
function MissingLookups({ tables, environment }: { tables: string[]; environment: string }) {
  if (tables.length === 0) return null;
  return (
    <p className="notice notice-warning" data-testid="template-missing-lookups">
      This flow reads cross-reference tables with no entries in {environment}: <span className="mono">{tables.join(", ")}</span>. Fill them on the{" "}
      <Link href={`/lookups?environment=${encodeURIComponent(environment)}`}>Lookups</Link> page (import a CSV or copy another environment&apos;s entries) before its
      runs can succeed.
    </p>
  );
}
