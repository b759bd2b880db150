"use client";

import type { FlowNode, Problem } from "@ipaas/flow";
import type { CompletionData } from "@/lib/jsonata/completion";
import { patchConfig, problemsAt } from "./config-fields";
import { FieldControl } from "./config-form";
import { ExpressionField } from "./expression-field";
import type { FormField } from "./schema-form";

/** Bounds as in @ipaas/flow's node-config (retryOverrideSchema, ACTION_TIMEOUT_MS); the server checks them again. */
const RETRY_FIELDS: ReadonlyArray<FormField & { key: "attempts" | "backoffMs" | "maxDelayMs" }> = [
  { key: "attempts", label: "Attempts", kind: "integer", required: false, minimum: 1, maximum: 100, description: "Tries in all, the first included" },
  { key: "backoffMs", label: "Backoff (ms)", kind: "integer", required: false, minimum: 0, description: "Wait before the 2nd try; doubles each time" },
  { key: "maxDelayMs", label: "Max delay (ms)", kind: "integer", required: false, minimum: 0, description: "Longest wait between tries" },
];
const TIMEOUT_FIELD: FormField = { key: "timeoutMs", label: "Request timeout (ms)", kind: "integer", required: false, minimum: 100, maximum: 600_000, description: "Empty: the connector's default (30 s)" };

const recordOf = (value: unknown): Record<string, unknown> => (value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/**
 * A step's own policies over the flow's (docs/architecture.md "Failures, retries and dead
 * letters"): retry for every step, and for connector actions the request timeout and the
 * stale-update guard. Empty fields inherit; the config keeps only what is set.
 */
export function NodeOverrides(props: { node: FlowNode; problems: readonly Problem[]; completion: CompletionData; readOnly: boolean; onPatch(changes: Record<string, unknown>): void }) {
  const { node, readOnly } = props;
  const retry = recordOf(node.config.retry);
  const stale = node.config.stale === undefined ? undefined : recordOf(node.config.stale);
  const setRetry = (key: string, value: unknown) => {
    const next = patchConfig(retry, { [key]: value });
    props.onPatch({ retry: Object.keys(next).length > 0 ? next : undefined });
  };
  const setStale = (key: string, value: unknown) => props.onPatch({ stale: patchConfig(stale ?? {}, { [key]: value }) });

  return (
    <>
      <fieldset className="np-group" data-testid="node-retry">
        <legend className="np-label">Retry (overrides the flow&apos;s policy)</legend>
        {RETRY_FIELDS.map((field) => (
          <FieldControl
            key={field.key}
            field={{ ...field, key: `retry-${field.key}` }}
            value={retry[field.key]}
            problems={problemsAt(props.problems, `retry.${field.key}`)}
            readOnly={readOnly}
            onChange={(value) => setRetry(field.key, value)}
          />
        ))}
      </fieldset>
      {node.type === "action" && (
        <>
          <FieldControl field={TIMEOUT_FIELD} value={node.config.timeoutMs} problems={problemsAt(props.problems, "timeoutMs")} readOnly={readOnly} onChange={(timeoutMs) => props.onPatch({ timeoutMs })} />
          <fieldset className="np-group" data-testid="node-stale">
            <legend className="np-label">Stale-update guard</legend>
            <label className="check">
              <input
                type="checkbox"
                checked={stale !== undefined}
                disabled={readOnly}
                onChange={(e) => props.onPatch({ stale: e.target.checked ? { entityKey: "", sequence: "" } : undefined })}
                data-testid="node-stale-enabled"
              />
              Skip an update older than the last one applied for the same entity
            </label>
            {stale && (
              <>
                {(["entityKey", "sequence"] as const).map((key) => (
                  <ExpressionField
                    key={key}
                    label={key === "entityKey" ? "Entity key (over the mapped input)" : "Sequence (a number: timestamp or version)"}
                    required
                    value={typeof stale[key] === "string" ? stale[key] : ""}
                    onChange={(text) => setStale(key, text)}
                    problems={problemsAt(props.problems, `stale.${key}`)}
                    completion={props.completion}
                    readOnly={readOnly}
                    testId={`node-stale-${key}`}
                  />
                ))}
                <FieldControl
                  field={{ key: "stale-scope", label: "Scope", kind: "string", required: false, description: "Flows sharing a scope share sequences; empty: this step only" }}
                  value={stale.scope}
                  problems={problemsAt(props.problems, "stale.scope")}
                  readOnly={readOnly}
                  onChange={(scope) => setStale("scope", scope)}
                />
              </>
            )}
          </fieldset>
        </>
      )}
    </>
  );
}
