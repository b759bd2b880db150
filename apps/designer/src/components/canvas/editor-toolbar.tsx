"use client";

import { useState, type FormEvent } from "react";
import Link from "next/link";
import { EnabledToggle, WebhookUrl } from "@/components/flow/flow-status-controls";
import { ExportFlowButton } from "@/components/versions/export-flow-button";
import type { SaveState } from "./use-autosave";

const SAVE_LABEL: Record<SaveState, string> = { saved: "Saved", pending: "Unsaved changes…", saving: "Saving…", error: "Save failed" };

/** The editor's header: name, environment, save state, test flow, publish, webhook URL and the enabled switch. */
export function EditorToolbar(props: {
  flowId: string;
  name: string;
  publishedVersion: number | null;
  enabled: boolean;
  environment: string;
  environments: string[];
  canEdit: boolean;
  readOnly: boolean;
  runId: string | null;
  saveState: SaveState;
  saveError: string | null;
  problemCount: number;
  testing: boolean;
  onEnvironment(env: string): void;
  onTestFlow(): void;
  onPublish(message: string): Promise<{ published: true; version: number } | { published: false; problems: unknown[] }>;
  /** Opens or closes the flow's Settings panel (retry, business key, error flow, …). */
  onSettings(): void;
}) {
  const [published, setPublished] = useState<number | null>(null);
  const [refused, setRefused] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const message = String(new FormData(form).get("message") ?? "");
    setBusy(true);
    try {
      const r = await props.onPublish(message);
      setPublished(r.published ? r.version : null);
      setRefused(r.published ? null : r.problems.length);
      if (r.published) form.reset();
    } finally {
      setBusy(false);
    }
  }

  return (
    <header className="editor-toolbar">
      <div className="editor-toolbar-row">
        <a href="/flows" className="muted">
          Flows
        </a>
        <span className="muted">/</span>
        <h1 className="editor-toolbar-title">{props.name}</h1>
        {props.publishedVersion === null ? <span className="tag">draft</span> : <span className="tag tag-published">v{props.publishedVersion}</span>}
        {props.runId && <span className="tag tag-error">replaying run {props.runId.slice(0, 8)} (read-only)</span>}
        {!props.readOnly && (
          <span className={`small ${props.saveState === "error" ? "notice notice-error" : "muted"}`} data-testid="save-state" data-state={props.saveState} title={props.saveError ?? undefined}>
            {SAVE_LABEL[props.saveState]}
          </span>
        )}
        <span className="spacer" />
        <label className="field field-inline">
          Environment
          <select className="input" value={props.environment} disabled={!props.canEdit || !!props.runId} onChange={(e) => props.onEnvironment(e.target.value)} data-testid="flow-environment">
            {(props.environments.length > 0 ? props.environments : [props.environment]).map((env) => (
              <option key={env} value={env}>
                {env}
              </option>
            ))}
          </select>
        </label>
        <EnabledToggle flowId={props.flowId} enabled={props.enabled} />
        {props.canEdit && !props.runId && (
          <button type="button" className="button button-secondary" onClick={props.onTestFlow} disabled={props.testing} data-testid="test-flow">
            {props.testing ? "Testing…" : "Test flow"}
          </button>
        )}
        <button type="button" className="button button-secondary" onClick={props.onSettings} data-testid="flow-settings-button">
          Settings
        </button>
        <ExportFlowButton flowId={props.flowId} />
        <Link href={`/flows/${props.flowId}/versions`} className="button button-secondary" data-testid="flow-versions">
          Versions
        </Link>
      </div>
      <div className="editor-toolbar-row">
        <WebhookUrl flowId={props.flowId} />
        <span className="spacer" />
        {props.canEdit && !props.runId && (
          <form className="publish-form" onSubmit={submit} data-testid="publish-form">
            <input className="input" name="message" required placeholder="Publish message: what changed?" data-testid="publish-message" />
            <button className="button" type="submit" disabled={busy || props.problemCount > 0} data-testid="publish" title={props.problemCount > 0 ? "Fix the problems first" : undefined}>
              Publish
            </button>
            {props.problemCount > 0 && <span className="muted small">{props.problemCount} problem(s) to fix</span>}
            {refused !== null && <span className="notice notice-error">Refused: {refused} problem(s)</span>}
            {published !== null && (
              <span className="notice notice-success" data-testid="published">
                Published v{published}
              </span>
            )}
          </form>
        )}
      </div>
    </header>
  );
}
