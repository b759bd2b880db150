"use client";

import Link from "next/link";
import { useMe } from "@/hooks/use-me";
import { TargetSchemaOptions } from "./target-schema-options";

export interface SaveState {
  dirty: boolean;
  saving: boolean;
  version: number;
  /** A save that failed: a stale version (conflict) offers to reload or overwrite. */
  error: { message: string; conflict: boolean } | null;
  savedAt: Date | null;
}

/** Name, target schema and the save controls of the mapping editor. */
export function EditorHeader(props: {
  name: string;
  onNameChange(name: string): void;
  targetSchema: string | null;
  onTargetSchemaChange(name: string | null): void;
  targetSchemas: ReadonlyArray<{ name: string; kind: "canonical" | "external" }>;
  save: SaveState;
  onSave(): void;
  onReload(): void;
  onOverwrite(): void;
  onDelete(): void;
}) {
  const { save } = props;
  const { canEditFlows } = useMe();
  return (
    <header className="editor-header">
      <div className="editor-title">
        <p className="breadcrumb">
          <Link href="/mappings">← Mappings</Link>
        </p>
        <input className="title-input" value={props.name} onChange={(e) => props.onNameChange(e.target.value)} aria-label="Mapping name" data-testid="mapping-name" maxLength={200} />
      </div>
      <label className="field">
        Target schema
        <select value={props.targetSchema ?? ""} onChange={(e) => props.onTargetSchemaChange(e.target.value || null)} data-testid="target-schema">
          <option value="">None (no validation)</option>
          <TargetSchemaOptions schemas={props.targetSchemas} />
        </select>
      </label>
      <div className="save-box">
        <span className="tag tag-published" data-testid="mapping-version">
          v{save.version}
        </span>
        <span className="muted small" data-testid="save-status">
          {save.saving ? "Saving…" : save.dirty ? "Unsaved changes" : save.savedAt ? "Saved" : "No changes"}
        </span>
        {canEditFlows && (
          <>
            <button type="button" className="button" onClick={props.onSave} disabled={!save.dirty || save.saving} aria-busy={save.saving} data-testid="save-mapping" title="Save (Ctrl-S)">
              Save
            </button>
            <button type="button" className="button button-secondary button-danger" onClick={props.onDelete} data-testid="delete-mapping">
              Delete
            </button>
          </>
        )}
      </div>
      {save.error && (
        <div className="notice notice-error save-error" role="alert" data-testid="save-error">
          <span>{save.error.message}</span>
          {save.error.conflict && (
            <span className="save-error-actions">
              <button type="button" className="button button-secondary button-small" onClick={props.onReload}>
                Load their version (discard mine)
              </button>
              <button type="button" className="button button-small" onClick={props.onOverwrite}>
                Keep mine (overwrite)
              </button>
            </span>
          )}
        </div>
      )}
    </header>
  );
}
