"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { formatDateTime, formatRelative } from "@/lib/format";
import { useTRPC } from "@/trpc/client";
import { formatBytes, formatCount } from "./format";
import type { RetentionOverview } from "./retention-view";

type Flow = RetentionOverview["flows"][number];
type Field = "payloadDays" | "runDays";

/** "" is the default (null); anything else goes to the server as typed, which validates it. */
const toDays = (text: string): number | null => (text.trim() === "" ? null : Number(text));
const toText = (days: number | null) => (days === null ? "" : String(days));

/** One flow: its overrides as inputs (placeholder = the default), Save, and what it stores. */
export function FlowRetentionRow({ flow, defaults, estimated }: { flow: Flow; defaults: RetentionOverview["defaults"]; estimated: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Record<Field, string>>({ payloadDays: toText(flow.payloadDays), runDays: toText(flow.runDays) });
  const [saved, setSaved] = useState(false);
  const update = useMutation(
    trpc.retention.update.mutationOptions({
      onSuccess: async () => {
        setSaved(true);
        await queryClient.invalidateQueries({ queryKey: trpc.retention.overview.queryKey() });
      },
    }),
  );
  const changed = values.payloadDays !== toText(flow.payloadDays) || values.runDays !== toText(flow.runDays);
  // Field messages come as "payloadDays: …"; next to the input the field name is redundant.
  const fieldErrors = (update.error?.data?.zodError?.fieldErrors ?? {}) as Partial<Record<string, string[]>>;
  const problem = (field: Field) => fieldErrors[field]?.[0]?.replace(/^\w+: /, "");
  const otherError = update.error && !problem("payloadDays") && !problem("runDays") ? update.error.message : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    update.mutate({ flowId: flow.flowId, payloadDays: toDays(values.payloadDays), runDays: toDays(values.runDays) });
  };
  const input = (field: Field, label: string, placeholder: number, applies: number) => (
    <td>
      <input
        className={`input${problem(field) ? " input-invalid" : ""}`}
        type="number"
        inputMode="numeric"
        min={defaults.minDays}
        max={defaults.maxDays}
        step={1}
        style={{ width: 140 }}
        aria-label={`${label} of ${flow.name}`}
        aria-invalid={problem(field) ? true : undefined}
        placeholder={`${placeholder} (default)`}
        value={values[field]}
        onChange={(e) => {
          setSaved(false);
          setValues({ ...values, [field]: e.target.value });
        }}
        form={`retention-${flow.flowId}`}
        data-testid={field === "payloadDays" ? "retention-payload-days" : "retention-run-days"}
      />
      {problem(field) ? (
        <span className="field-problem" role="alert" data-testid="retention-field-error">
          {problem(field)}
        </span>
      ) : (
        <span className="muted small" style={{ display: "block" }}>
          applies: {applies} days
        </span>
      )}
    </td>
  );

  return (
    <tr data-testid="retention-flow-row" data-flow-id={flow.flowId} data-flow-name={flow.name}>
      <td>
        <Link href={`/flows/${flow.flowId}`} className="strong">
          {flow.name}
        </Link>
      </td>
      {input("payloadDays", "Payload days", defaults.payloadDays, flow.effective.payloadDays)}
      {input("runDays", "Run days", defaults.runDays, flow.effective.runDays)}
      <td className="num" data-testid="retention-run-count">
        {/* Small flows are counted exactly; big ones come from the same sample as the sizes. */}
        {estimated && flow.runs >= 1000 ? "≈ " : ""}
        {formatCount(flow.runs)}
      </td>
      <td className="muted" title={flow.oldestRunAt ? formatDateTime(flow.oldestRunAt) : undefined}>
        {flow.oldestRunAt ? formatRelative(flow.oldestRunAt) : "—"}
      </td>
      <td className="num" data-testid="retention-payload-size">
        ≈ {formatBytes(flow.payloadBytes)}
      </td>
      <td className="actions">
        {/* noValidate: the server's messages (shown under the inputs) rather than the browser's tooltips. */}
        <form id={`retention-${flow.flowId}`} onSubmit={submit} noValidate style={{ display: "inline" }}>
          <button type="submit" className="button button-small" disabled={!changed || update.isPending} data-testid="retention-save">
            {update.isPending ? "Saving…" : "Save"}
          </button>
        </form>
        {saved && !changed && (
          <span className="notice notice-success" role="status" data-testid="retention-saved">
            Saved
          </span>
        )}
        {otherError && (
          <span className="notice notice-error" role="alert">
            {otherError}
          </span>
        )}
      </td>
    </tr>
  );
}
