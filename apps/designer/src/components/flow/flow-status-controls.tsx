"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCopy } from "@/hooks/use-copy";
import { useMe } from "@/hooks/use-me";
import { useTRPC } from "@/trpc/client";

/** Where the source system posts events, for webhook-triggered flows (nothing for other triggers). */
export function WebhookUrl({ flowId }: { flowId: string }) {
  const trpc = useTRPC();
  const webhook = useQuery(trpc.flows.webhookUrl.queryOptions({ flowId }));
  const { ref, copied, copy } = useCopy<HTMLElement>();
  const url = webhook.data?.url;
  if (!url) return null;
  return (
    <div className="webhook-url">
      <h3>Webhook URL</h3>
      <div className="link-box">
        <code ref={ref} data-testid="webhook-url">
          {url}
        </code>
        <button type="button" className="button button-secondary button-small" onClick={() => void copy(url)} data-testid="copy-webhook-url">
          {copied === "yes" ? "Copied" : "Copy"}
        </button>
      </div>
      {copied === "select" && <span className="muted small">Selected: press Ctrl+C (⌘C) to copy.</span>}
    </div>
  );
}

/**
 * A disabled flow accepts no new runs (the runtime notices within seconds). Only
 * analysts and admins see the switch; everyone sees that a flow is disabled.
 */
export function EnabledToggle({ flowId, enabled }: { flowId: string; enabled: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canEditFlows } = useMe();
  const setEnabled = useMutation(trpc.flows.setEnabled.mutationOptions({ onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.flows.pathKey() }) }));
  if (!canEditFlows) return enabled ? null : <span className="tag tag-error">disabled</span>;
  return (
    <>
      <label className="check" title="A disabled flow accepts no new runs">
        <input
          type="checkbox"
          checked={setEnabled.isPending ? setEnabled.variables.enabled : enabled}
          disabled={setEnabled.isPending}
          onChange={(e) => setEnabled.mutate({ flowId, enabled: e.target.checked })}
          data-testid="flow-enabled"
        />
        Enabled
      </label>
      {setEnabled.error && (
        <span className="notice notice-error" role="alert">
          {setEnabled.error.message}
        </span>
      )}
    </>
  );
}
