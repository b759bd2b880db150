"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { InlineConfirm } from "@/components/inline-confirm";
import { QueryError } from "@/components/query-error";
import type { Column } from "@/components/ui/data-table";
import { fieldsOfEntry, LOOKUP_LIMITS, type EntryFields } from "@/lib/lookup-fields";
import { useTRPC } from "@/trpc/client";
import type { RouterOutputs } from "@/trpc/types";

export type LookupEntry = RouterOutputs["lookups"]["entries"]["entries"][number];

export const ENTRY_COLUMNS: Column<LookupEntry>[] = [{ header: "Key" }, { header: "Value" }, { header: "JSON value" }, { header: "Description" }, { header: "Actions", srOnly: true }];

const EMPTY: EntryFields = { key: "", value: "", json: "", description: "" };

/** One entry: read-only for viewers; Edit (inline) and Delete for editors. */
export function EntryRow({ tableId, environment, entry, canEdit }: { tableId: string; environment: string; entry: LookupEntry; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation(trpc.lookups.deleteEntry.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.lookups.pathFilter()) }));
  const fields = fieldsOfEntry(entry);

  if (editing) return <EntryEditor tableId={tableId} environment={environment} initial={fields} onDone={() => setEditing(false)} />;
  return (
    <tr data-testid="lookup-entry-row" data-key={entry.key}>
      <td className="mono">{entry.key}</td>
      <td data-testid="lookup-entry-value">{fields.value}</td>
      <td className="mono small">{fields.json}</td>
      <td className="muted">{entry.description}</td>
      <td className="actions">
        {canEdit && !confirming && (
          <>
            <button type="button" className="button button-secondary button-small" onClick={() => setEditing(true)} data-testid="edit-lookup-entry">
              Edit
            </button>{" "}
            <button type="button" className="button button-secondary button-small button-danger" onClick={() => setConfirming(true)} data-testid="delete-lookup-entry">
              Delete
            </button>
          </>
        )}
        {confirming && (
          <InlineConfirm
            question={`Delete ${entry.key}?`}
            confirmLabel="Delete"
            pending={remove.isPending}
            onConfirm={() => remove.mutate({ tableId, environment, key: entry.key }, { onSettled: () => setConfirming(false) })}
            onCancel={() => setConfirming(false)}
            testId="confirm-delete-lookup-entry"
            label={`Delete ${entry.key}`}
          />
        )}
        <QueryError error={remove.error} />
      </td>
    </tr>
  );
}

/** The grid line that adds an entry (no `initial`) or edits one (renaming its key is allowed). */
export function EntryEditor({ tableId, environment, initial, onDone }: { tableId: string; environment: string; initial?: EntryFields; onDone(): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<EntryFields>(initial ?? EMPTY);
  const save = useMutation(
    trpc.lookups.upsertEntry.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.lookups.pathFilter());
        onDone();
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ tableId, environment, entry: draft, previousKey: initial?.key });
  };
  const input = (field: keyof EntryFields, props: { placeholder: string; mono?: boolean }) => (
    <input
      className={props.mono ? "input mono" : "input"}
      value={draft[field]}
      onChange={(e) => setDraft({ ...draft, [field]: e.target.value })}
      placeholder={props.placeholder}
      maxLength={LOOKUP_LIMITS[field]}
      aria-label={props.placeholder}
      form={formId(tableId, initial?.key)}
      data-testid={`lookup-entry-${field}-input`}
    />
  );
  return (
    <tr data-testid="lookup-entry-editor">
      <td>{input("key", { placeholder: "Key", mono: true })}</td>
      <td>{input("value", { placeholder: "Value (text)" })}</td>
      <td>{input("json", { placeholder: "or JSON value", mono: true })}</td>
      <td>{input("description", { placeholder: "Description" })}</td>
      <td className="actions">
        {/* A form cannot wrap table cells: the inputs join it by its id. */}
        <form id={formId(tableId, initial?.key)} onSubmit={submit} style={{ display: "inline" }}>
          <button type="submit" className="button button-small" disabled={save.isPending || draft.key.trim() === ""} data-testid="save-lookup-entry">
            Save
          </button>{" "}
          <button type="button" className="button button-secondary button-small" onClick={onDone}>
            Cancel
          </button>
        </form>
        <QueryError error={save.error} />
      </td>
    </tr>
  );
}

const formId = (tableId: string, key: string | undefined) => `lookup-entry-${tableId}-${key === undefined ? "new" : encodeURIComponent(key)}`;
