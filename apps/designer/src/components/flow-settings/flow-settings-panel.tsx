"use client";

import type { FlowDefinition, Problem } from "@ipaas/flow";
import { useMemo } from "react";
import { FieldControl } from "@/components/node-panel/config-form";
import { ConnectionPicker } from "@/components/node-panel/connection-picker";
import { FieldProblems } from "@/components/node-panel/field-problems";
import { FlowPicker } from "@/components/node-panel/flow-picker";
import type { FormField } from "@/components/node-panel/schema-form";
import { BusinessKeyField } from "./business-key-field";
import { FlowAlerts, FlowRetention } from "./flow-ops-settings";
import { connectorsOf, RETRY_KINDS, settingsProblemsAt, toggledRetryOn, triggerSampleOf, type Settings } from "./settings-fields";
import "@/components/node-panel/node-panel.css";

/** Bounds as in @ipaas/flow's retryPolicySchema; the server checks them again. */
const RETRY_FIELDS: ReadonlyArray<FormField & { key: "attempts" | "backoffMs" | "maxDelayMs" }> = [
  { key: "attempts", label: "Attempts", kind: "integer", required: true, minimum: 1, maximum: 100, description: "Tries in all for a failing step, the first included" },
  { key: "backoffMs", label: "Backoff (ms)", kind: "integer", required: true, minimum: 0, description: "Wait before the 2nd try; doubles each time, with jitter" },
  { key: "maxDelayMs", label: "Max delay (ms)", kind: "integer", required: true, minimum: 0, description: "Longest wait between tries (a target's Retry-After still wins)" },
];
const CONCURRENCY_FIELD: FormField = { key: "settings-concurrency", label: "Concurrency", kind: "integer", required: false, minimum: 1, description: "Runs of this flow at once, across all workers; empty: no limit" };
const DEFAULT_RETRY = { attempts: 5, backoffMs: 1000, maxDelayMs: 300_000 };

/** Every IANA zone this browser knows (the server checks the name again). */
const TIME_ZONES: readonly string[] = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];

/**
 * The flow's Settings panel (docs/architecture.md "Flow model"): everything in
 * `settings` as form fields, saved with the draft like any other edit (one undo step
 * per field), with the problems validate and the publish gate report under each field.
 * Retention and alert rules have their own homes and are edited there, shown here.
 */
export function FlowSettingsPanel(props: {
  flowId: string;
  flowName: string;
  environment: string;
  definition: FlowDefinition;
  problems: readonly Problem[];
  readOnly: boolean;
  onChange(settings: Settings, field: string): void;
  onClose(): void;
}) {
  const { definition, readOnly, problems } = props;
  const settings: Settings = (definition.settings as Settings | undefined) ?? {};
  const retry = { ...DEFAULT_RETRY, ...settings.retry };
  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => {
    const next = { ...settings, [key]: value };
    if (value === undefined) delete next[key];
    props.onChange(next, key);
  };
  const sample = useMemo(() => triggerSampleOf(definition), [definition]);
  const connectors = connectorsOf(definition.nodes, settings);
  const retryOn = settings.retry?.retryOn;
  // The last ticked kind cannot be unticked: "retry nothing" is attempts = 1, and the model refuses an empty list.
  const lastKind = retryOn !== undefined && retryOn.length === 1 ? retryOn[0] : undefined;

  return (
    <section className="np-panel" aria-label="Flow settings" data-testid="flow-settings">
      <header className="np-header">
        <span className="tag">Flow settings</span>
        <button type="button" className="button button-small button-secondary np-test" onClick={props.onClose} data-testid="flow-settings-close">
          Close
        </button>
      </header>
      <div className="np-body">
        <div className="np-settings">
          <fieldset className="np-group" data-testid="settings-retry">
            <legend className="np-label">Retry policy</legend>
            {RETRY_FIELDS.map((field) => (
              <FieldControl
                key={field.key}
                field={{ ...field, key: `settings-retry-${field.key}` }}
                value={settings.retry?.[field.key]}
                problems={settingsProblemsAt(problems, `retry.${field.key}`)}
                readOnly={readOnly}
                onChange={(value) => set("retry", { ...retry, [field.key]: typeof value === "number" ? value : DEFAULT_RETRY[field.key] })}
              />
            ))}
            <span className="np-label">Retry these failures</span>
            {RETRY_KINDS.map((kind) => (
              <label key={kind.value} className="check small">
                <input
                  type="checkbox"
                  disabled={readOnly || kind.value === lastKind}
                  checked={retryOn === undefined || retryOn.includes(kind.value)}
                  onChange={(e) => set("retry", { ...retry, retryOn: toggledRetryOn(retryOn, kind.value, e.target.checked) })}
                  data-testid={`settings-retry-on-${kind.value}`}
                />
                {kind.label}
              </label>
            ))}
            <span className="muted small">Errors that cannot succeed on a retry (4xx, mapping and input errors) dead-letter at once.</span>
            <FieldProblems problems={settingsProblemsAt(problems, "retry.retryOn")} />
          </fieldset>

          <BusinessKeyField value={settings.businessKey} sample={sample} problems={settingsProblemsAt(problems, "businessKey")} readOnly={readOnly} onChange={(v) => set("businessKey", v)} />

          <FieldControl field={CONCURRENCY_FIELD} value={settings.concurrency} problems={settingsProblemsAt(problems, "concurrency")} readOnly={readOnly} onChange={(v) => set("concurrency", typeof v === "number" ? v : undefined)} />

          <div className="np-field">
            <label className="np-label" htmlFor="settings-timezone">
              Time zone
            </label>
            <select id="settings-timezone" className="input" value={settings.timezone ?? ""} disabled={readOnly} onChange={(e) => set("timezone", e.target.value || undefined)} data-testid="settings-timezone">
              <option value="">UTC (not set)</option>
              {settings.timezone && !TIME_ZONES.includes(settings.timezone) && <option value={settings.timezone}>{settings.timezone} (unknown)</option>}
              {TIME_ZONES.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
            <span className="muted small">For schedules that name no zone of their own.</span>
            <FieldProblems problems={settingsProblemsAt(problems, "timezone")} />
          </div>

          <fieldset className="np-group" data-testid="settings-default-connections">
            <legend className="np-label">Default connections</legend>
            {connectors.length === 0 && <span className="muted small">Add a connector step to choose the connection its steps use by default.</span>}
            {connectors.map((connectorId) => (
              <ConnectionPicker
                key={connectorId}
                connectorId={connectorId}
                environment={props.environment}
                value={settings.defaultConnections?.[connectorId]}
                legacyId={undefined}
                problems={settingsProblemsAt(problems, `defaultConnections.${connectorId}`)}
                readOnly={readOnly}
                label={connectorId}
                id={`settings-connection-${connectorId}`}
                testId={`settings-connection-${connectorId}`}
                placeholder="— none: each step names its own —"
                onChange={(name) => {
                  const next = { ...settings.defaultConnections };
                  if (name) next[connectorId] = name;
                  else delete next[connectorId];
                  set("defaultConnections", Object.keys(next).length > 0 ? next : undefined);
                }}
              />
            ))}
          </fieldset>

          <div data-testid="settings-error-flow">
            <FlowPicker
              currentFlowId={props.flowId}
              value={settings.errorFlowId}
              problems={settingsProblemsAt(problems, "errorFlowId")}
              readOnly={readOnly}
              label="Error flow"
              id="settings-errorFlowId"
              testId="settings-error-flow-select"
              required={false}
              onChange={(id) => set("errorFlowId", id)}
            />
            <span className="muted small">Started once for each run that dead-letters, with the run&apos;s business key, failed step, error and trigger payload.</span>
          </div>

          <FlowRetention flowId={props.flowId} />
          <FlowAlerts flowId={props.flowId} flowName={props.flowName} />
        </div>
      </div>
    </section>
  );
}
