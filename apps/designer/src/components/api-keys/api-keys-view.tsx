"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { QueryError } from "@/components/query-error";
import { DataTable } from "@/components/ui/data-table";
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
      <DataTable
        columns={API_KEY_COLUMNS}
        rows={keys.data}
        rowKey={(item) => item.id}
        renderRow={(item) => <ApiKeyRow item={item} canEdit={isAdmin} />}
        loading={keys.isPending}
        empty="No API keys yet."
        wrapperClassName="card"
      />
      {isAdmin && <InvokeHelp key={created?.key ?? "generic"} apiKey={created?.key} flowIds={created?.flowIds} />}
    </div>
  );
}
