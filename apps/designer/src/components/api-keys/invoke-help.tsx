"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/trpc/client";

/**
 * How a caller uses a key: the runtime's synchronous API trigger. The flow picker
 * fills in a real flow id; `apiKey` is given only right after creation (the one
 * time the page knows it).
 */
export function InvokeHelp({ apiKey, flowIds }: { apiKey?: string; flowIds?: string[] | null }) {
  const trpc = useTRPC();
  const info = useQuery(trpc.apiKeys.invokeInfo.queryOptions(undefined, { staleTime: Infinity }));
  const flows = useQuery(trpc.flows.list.queryOptions(undefined, { staleTime: 30_000 }));
  const choices = (flows.data ?? []).filter((f) => !flowIds || flowIds.includes(f.id));
  const [picked, setPicked] = useState<string | null>(null);
  const flowId = picked ?? choices[0]?.id ?? "<flowId>";
  const runtime = info.data?.runtimeUrl ?? "<runtime-url>";
  const command = [
    `curl -X POST ${runtime}/v1/flows/${flowId}/invoke \\`,
    `  -H "Authorization: Bearer ${apiKey ?? "<key>"}" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '{"example": true}'`,
  ].join("\n");

  return (
    <section className="card invoke-help" data-testid="api-key-usage">
      <div className="invoke-help-header">
        <h3>Calling a flow with a key</h3>
        {choices.length > 0 && (
          <label className="field">
            <span>Flow</span>
            <select value={flowId} onChange={(e) => setPicked(e.target.value)} data-testid="api-key-usage-flow">
              {choices.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <pre data-testid="api-key-curl">{command}</pre>
      <p className="muted small">
        The flow needs an API trigger. The answer is the flow&apos;s response when the run finishes within 30 s (<code>?waitMs=</code> changes the wait), otherwise{" "}
        <code>202</code> with a run id to poll at <code>GET /v1/runs/&lt;runId&gt;</code>. <code>X-Api-Key: &lt;key&gt;</code> works instead of the Authorization
        header; an <code>Idempotency-Key</code> header makes retries safe. Over its rate limit a key gets <code>429</code> with <code>Retry-After</code> (seconds).
      </p>
    </section>
  );
}
