"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { QueryError } from "@/components/query-error";
import { useMe } from "@/hooks/use-me";
import { useTRPC } from "@/trpc/client";
import { API_KEY_COLUMNS, ApiKeyRow } from "./api-key-row";
import { CreatedKeyBox } from "./created-key";
import { InvokeHelp } from "./invoke-help";
import { NewApiKeyForm, type CreatedKey } from "./new-api-key-form";

/** Admin-only: keys for the runtime's API triggers and scripted access. */
export function ApiKeysView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { isAdmin } = useMe();
  // Polled slowly so "last used" follows traffic without a reload.
  const keys = useQuery(trpc.apiKeys.list.queryOptions(undefined, { refetchInterval: 30_000 }));
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedKey | null>(null);

  return (
    <div className="page">
      <header className="page-header page-header-row">
        <div>
          <h1>API keys</h1>
          <p className="muted">Keys for calling flows with an API trigger and for scripts. Each key is limited to its flows and a request rate.</p>
        </div>
        {isAdmin && !creating && (
          <button
            type="button"
            className="button"
            onClick={() => {
              setCreated(null);
              setCreating(true);
            }}
            data-testid="new-api-key"
          >
            New API key
          </button>
        )}
      </header>
      {creating && (
        <NewApiKeyForm
          onCancel={() => setCreating(false)}
          onCreated={(key) => {
            setCreating(false);
            setCreated(key);
            void queryClient.invalidateQueries(trpc.apiKeys.list.queryFilter());
          }}
        />
      )}
      {created && <CreatedKeyBox created={created} onClose={() => setCreated(null)} />}
      <QueryError error={keys.error} />
      <div className="card">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Flows</th>
              <th scope="col" className="num">
                Rate limit
              </th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
              <th scope="col" className="actions">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.isPending && (
              <tr>
                <td colSpan={API_KEY_COLUMNS} className="empty">
                  Loading…
                </td>
              </tr>
            )}
            {keys.data?.length === 0 && (
              <tr>
                <td colSpan={API_KEY_COLUMNS} className="empty">
                  No API keys yet.
                </td>
              </tr>
            )}
            {keys.data?.map((item) => (
              <ApiKeyRow key={item.id} item={item} canEdit={isAdmin} />
            ))}
          </tbody>
        </table>
      </div>
      {isAdmin && <InvokeHelp key={created?.key ?? "generic"} apiKey={created?.key} flowIds={created?.flowIds} />}
    </div>
  );
}
