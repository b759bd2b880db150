"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { formatDateTime } from "@/lib/format";
import { useTRPC } from "@/trpc/client";
import type { ConnectionItem } from "./connection-form";
import { HealthBadge, type ConnectionHealth } from "./health";

/** The `config.limits` fields, with what an empty input means. */
const FIELDS = [
  { key: "requestsPerSecond", label: "Requests / second", help: "Shared by every worker; empty: the connector's documented limit", step: "any" },
  { key: "burst", label: "Burst", help: "Requests allowed at once above the rate; needs a rate", step: "1" },
  { key: "failureThreshold", label: "Circuit: failures to open", help: "Consecutive retryable failures; empty: 5", step: "1" },
  { key: "cooldownMs", label: "Circuit: cooldown (ms)", help: "Wait before one probe may try; empty: 30000", step: "1" },
  { key: "testIntervalSeconds", label: "Re-test every (s) while failing", help: "Empty: the runtime's default (RUNTIME_HEALTH_RETEST_MS)", step: "1" },
] as const;
type LimitKey = (typeof FIELDS)[number]["key"];

/**
 * The connection's health and its circuit breaker and rate-limit settings, for
 * admins (docs/architecture.md "Connection health"). The server validates the
 * numbers; an empty field falls back to the default.
 */
export function LimitsForm({ connection, health }: { connection: ConnectionItem; health?: ConnectionHealth }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const stored = (connection.config.limits ?? {}) as Partial<Record<LimitKey, unknown>>;
  const [values, setValues] = useState<Record<LimitKey, string>>(() => Object.fromEntries(FIELDS.map((f) => [f.key, typeof stored[f.key] === "number" ? String(stored[f.key]) : ""])) as Record<LimitKey, string>);
  const save = useMutation(trpc.connections.updateLimits.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.connections.pathFilter()) }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const limits = Object.fromEntries(FIELDS.filter((f) => values[f.key].trim() !== "").map((f) => [f.key, Number(values[f.key])]));
    save.mutate({ id: connection.id, limits });
  };

  return (
    <form className="card conn-form" onSubmit={submit} data-testid="connection-limits-form">
      <h3>Health and limits</h3>
      {health && (
        <p className="small" data-testid="connection-health-detail">
          <HealthBadge health={health} /> {health.consecutiveFailures > 0 && <span>{health.consecutiveFailures} failed tests in a row · </span>}
          <span className="muted">last tested {formatDateTime(health.lastTestedAt)} · next test {formatDateTime(health.nextTestAt)}</span>
          {health.lastError && <span className="muted"> · {health.lastError}</span>}
        </p>
      )}
      <div className="conn-form-row">
        {FIELDS.map((f) => (
          <label key={f.key} className="field" title={f.help}>
            {f.label}
            <input
              type="number"
              min="0"
              step={f.step}
              value={values[f.key]}
              placeholder="default"
              onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}
              data-testid={`limit-${f.key}`}
            />
          </label>
        ))}
      </div>
      <div className="conn-form-actions">
        <button type="submit" className="button" disabled={save.isPending} data-testid="save-limits">
          Save limits
        </button>
        {save.isSuccess && (
          <span className="notice notice-success" role="status">
            Saved; workers use them within 30 s.
          </span>
        )}
        {save.error && (
          <span className="notice notice-error" role="alert" data-testid="limits-error">
            {save.error.message}
          </span>
        )}
      </div>
    </form>
  );
}
