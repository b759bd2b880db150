"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { QueryError } from "@/components/query-error";
import { DataTable } from "@/components/ui/data-table";
import { useMe } from "@/hooks/use-me";
import { useTRPC } from "@/trpc/client";
import { ConnectionForm } from "./connection-form";
import { CONNECTION_COLUMNS, ConnectionRow } from "./connection-row";
import { HEALTH_REFRESH_MS } from "./health";
import { EnvironmentForm } from "./environment-form";

const ALL = "";

/**
 * Connections grouped by environment. Everyone signed in sees them (with which
 * secrets are set, never the values); only admins get New / Edit / Test / Delete.
 */
export function ConnectionsView() {
  const trpc = useTRPC();
  const { isAdmin } = useMe();
  const [environment, setEnvironment] = useState(ALL);
  const [panel, setPanel] = useState<"connection" | "environment" | null>(null);
  const connections = useQuery(trpc.connections.list.queryOptions(environment === ALL ? undefined : { environment }));
  const environments = useQuery(trpc.connections.environments.queryOptions());
  const connectors = useQuery(trpc.connections.connectors.queryOptions(undefined, { staleTime: Infinity }));
  const health = useQuery(trpc.connections.health.queryOptions(undefined, { refetchInterval: HEALTH_REFRESH_MS }));
  const shown = (environments.data ?? []).filter((env) => environment === ALL || env.name === environment);
  const names = (environments.data ?? []).map((env) => env.name);

  return (
    <div className="page">
      <header className="page-header page-header-row">
        <div>
          <h1>Connections</h1>
          <p className="muted">Credentials for the systems flows talk to, per environment. Flows find their connections by name in their own environment, so promoting a flow never copies secrets.</p>
        </div>
        <div className="conn-toolbar">
          <label className="field">
            Environment
            <select value={environment} onChange={(e) => setEnvironment(e.target.value)} data-testid="environment-filter">
              <option value={ALL}>All environments</option>
              {names.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          {isAdmin && panel === null && (
            <>
              <button type="button" className="button button-secondary" onClick={() => setPanel("environment")} data-testid="new-environment">
                New environment
              </button>
              <button type="button" className="button" onClick={() => setPanel("connection")} disabled={!connectors.data} data-testid="new-connection">
                New connection
              </button>
            </>
          )}
        </div>
      </header>
      {panel === "environment" && (
        <EnvironmentForm
          onDone={(created) => {
            setPanel(null);
            if (created) setEnvironment(created);
          }}
        />
      )}
      {panel === "connection" && connectors.data && (
        <ConnectionForm mode="create" environment={environment === ALL ? (names.includes("sandbox") ? "sandbox" : (names[0] ?? "")) : environment} environments={names} connectors={connectors.data} onDone={() => setPanel(null)} />
      )}
      <QueryError error={connections.error ?? environments.error ?? connectors.error} />
      {(connections.isPending || environments.isPending) && <p className="muted">Loading…</p>}
      {connections.data &&
        shown.map((env) => {
          const items = connections.data.filter((c) => c.environment === env.name);
          return (
            <section key={env.name} className="conn-env" data-testid="environment-group" data-environment={env.name}>
              <h2>
                {env.name} {env.description && <span className="muted small conn-env-description">{env.description}</span>}
              </h2>
              <DataTable
                columns={CONNECTION_COLUMNS}
                rows={items}
                rowKey={(item) => item.id}
                renderRow={(item) => <ConnectionRow item={item} connector={connectors.data?.find((c) => c.id === item.connectorId)} connectors={connectors.data ?? []} canEdit={isAdmin} health={health.data?.find((h) => h.connectionId === item.id)} />}
                empty={`No connections in ${env.name} yet.`}
                wrapperClassName="card"
              />
            </section>
          );
        })}
    </div>
  );
}
