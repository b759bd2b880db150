"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState, type FormEvent } from "react";
import { formatRelative } from "@/lib/format";
import { useTRPC } from "@/trpc/client";
import type { RouterOutputs } from "@/trpc/types";
import { authFieldsOf, configValue, inputValue, type AuthField } from "./auth-fields";
import { useSecretEdits } from "./secret-edits";

export type ConnectionItem = RouterOutputs["connections"]["list"][number];
export type ConnectorItem = RouterOutputs["connections"]["connectors"][number];

type Props = {
  connectors: ConnectorItem[];
  environments: string[];
  onDone(): void;
} & ({ mode: "create"; environment: string } | { mode: "edit"; connection: ConnectionItem });

/**
 * Create or edit a connection. The inputs come from the connector's auth schema;
 * secret fields are password inputs that are never prefilled: on edit a set secret
 * shows when it was last changed, and "Replace" reveals an empty input for a new value.
 */
export function ConnectionForm(props: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const editing = props.mode === "edit" ? props.connection : null;
  const [name, setName] = useState(editing?.name ?? "");
  const [environment, setEnvironment] = useState(editing?.environment ?? (props.mode === "create" ? props.environment : ""));
  const [connectorId, setConnectorId] = useState(editing?.connectorId ?? props.connectors[0]?.id ?? "");
  const connector = props.connectors.find((c) => c.id === connectorId);
  const fields = useMemo(() => (connector ? authFieldsOf(connector.authSchema, connector.secretFields) : []), [connector]);
  const [values, setValues] = useState<Record<string, string | boolean>>(() =>
    Object.fromEntries(fields.filter((f) => !f.secret).map((f) => [f.key, inputValue(f, editing?.config[f.key])])),
  );
  const secrets = useSecretEdits(editing?.secrets);

  const onSuccess = async () => {
    await queryClient.invalidateQueries(trpc.connections.pathFilter());
    props.onDone();
  };
  const create = useMutation(trpc.connections.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.connections.update.mutationOptions({ onSuccess }));
  const mutation = editing ? update : create;
  const fieldErrors = useMemo(() => errorsByField(mutation.error?.message), [mutation.error]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const formConfig = Object.fromEntries(
      fields.filter((f) => !f.secret).flatMap((f) => {
        const value = configValue(f, values[f.key] ?? "");
        return value === undefined ? [] : [[f.key, value]];
      }),
    );
    const typed = secrets.typed();
    if (!editing) {
      create.mutate({ name, connectorId, environment, config: formConfig, secrets: typed });
      return;
    }
    // Config keys the form does not show (e.g. rate limits set by a script) are kept.
    const formKeys = new Set(fields.map((f) => f.key));
    const kept = Object.fromEntries(Object.entries(editing.config).filter(([key]) => !formKeys.has(key)));
    update.mutate({ id: editing.id, ...(name !== editing.name && { name }), config: { ...kept, ...formConfig }, secrets: { ...typed, ...secrets.cleared() } });
  };

  return (
    <form className="card conn-form" onSubmit={submit} data-testid="connection-form" autoComplete="off">
      <h3>{editing ? `Edit ${editing.name}` : "New connection"}</h3>
      <div className="conn-form-row">
        <label className="field field-grow">
          Name
          <input className="input" value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} placeholder="Shopify (EU store)" data-testid="connection-name" />
        </label>
        <label className="field">
          Environment
          {editing ? (
            <input className="input" value={environment} disabled />
          ) : (
            <select value={environment} onChange={(e) => setEnvironment(e.target.value)} data-testid="connection-environment">
              {props.environments.map((env) => (
                <option key={env} value={env}>
                  {env}
                </option>
              ))}
            </select>
          )}
        </label>
        <label className="field">
          Connector
          {editing ? (
            <input className="input" value={connector?.name ?? connectorId} disabled />
          ) : (
            <select
              value={connectorId}
              onChange={(e) => {
                setConnectorId(e.target.value);
                setValues({});
                secrets.reset();
              }}
              data-testid="connection-connector"
            >
              {props.connectors.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </label>
      </div>
      <div className="conn-fields">
        {fields.map((field) =>
          field.secret ? (
            <SecretInput key={field.key} {...secrets.propsFor(field, fieldErrors[`secrets.${field.key}`])} />
          ) : (
            <ConfigInput key={field.key} field={field} value={values[field.key] ?? ""} onChange={(value) => setValues({ ...values, [field.key]: value })} error={fieldErrors[`config.${field.key}`]} />
          ),
        )}
      </div>
      <div className="conn-form-actions">
        <button type="submit" className="button" disabled={mutation.isPending || name.trim() === "" || !connector} data-testid="save-connection">
          {editing ? "Save" : "Create"}
        </button>
        <button type="button" className="button button-secondary" onClick={props.onDone} data-testid="cancel-connection">
          Cancel
        </button>
      </div>
      {mutation.error && (
        <p className="notice notice-error" role="alert" data-testid="connection-form-error">
          {mutation.error.message}
        </p>
      )}
    </form>
  );
}

function FieldLabel({ field }: { field: AuthField }) {
  return (
    <span>
      {field.label}
      {field.required ? "" : <span className="muted"> (optional)</span>}
    </span>
  );
}

function ConfigInput({ field, value, onChange, error }: { field: AuthField; value: string | boolean; onChange(value: string | boolean): void; error?: string }) {
  if (field.kind === "boolean") {
    return (
      <label className="check conn-field">
        <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} data-testid={`field-${field.key}`} />
        <FieldLabel field={field} />
      </label>
    );
  }
  return (
    <label className="field conn-field">
      <FieldLabel field={field} />
      <input
        className={error ? "input input-invalid" : "input"}
        type={field.kind === "number" ? "number" : "text"}
        value={String(value)}
        onChange={(e) => onChange(e.target.value)}
        required={field.required}
        placeholder={field.placeholder}
        data-testid={`field-${field.key}`}
      />
      {field.description && <span className="muted small">{field.description}</span>}
      {error && <span className="field-problem">{error}</span>}
    </label>
  );
}

export interface SecretInputProps {
  field: AuthField;
  /** Set on the server (edit mode), with when it was last written. */
  set: { updatedAt: Date | null } | null;
  value: string;
  onChange(value: string): void;
  replacing: boolean;
  onReplace(on: boolean): void;
  clearing: boolean;
  onClear(on: boolean): void;
  error?: string;
}

export function SecretInput({ field, set, value, onChange, replacing, onReplace, clearing, onClear, error }: SecretInputProps) {
  return (
    <div className="field conn-field" data-testid={`secret-${field.key}`}>
      <FieldLabel field={field} />
      {set && (
        <span className="conn-secret-state">
          <span className={clearing ? "tag" : "tag tag-published"} data-testid="secret-state">
            {clearing ? "will be removed" : `set · updated ${set.updatedAt ? formatRelative(set.updatedAt) : "earlier"}`}
          </span>
          {!replacing && !clearing && (
            <button type="button" className="link-button" onClick={() => onReplace(true)} data-testid={`replace-${field.key}`}>
              Replace
            </button>
          )}
          {replacing && (
            <button type="button" className="link-button" onClick={() => onReplace(false)}>
              Keep current
            </button>
          )}
          {!field.required && !replacing && (
            <button type="button" className="link-button" onClick={() => onClear(!clearing)} data-testid={`clear-${field.key}`}>
              {clearing ? "Undo" : "Remove"}
            </button>
          )}
        </span>
      )}
      {replacing && (
        <input
          className={error ? "input input-invalid" : "input"}
          type="password"
          autoComplete="new-password"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          required={field.required && !set}
          placeholder={set ? "New value" : undefined}
          data-testid={`field-${field.key}`}
        />
      )}
      {field.description && <span className="muted small">{field.description}</span>}
      {error && <span className="field-problem">{error}</span>}
    </div>
  );
}

/** "config.baseUrl: Invalid URL; secrets.token: …" → { "config.baseUrl": "Invalid URL", … } for the inputs. */
function errorsByField(message: string | undefined): Record<string, string> {
  if (!message) return {};
  return Object.fromEntries(
    message.split("; ").flatMap((part) => {
      const match = /^((?:config|secrets)\.[\w-]+): (.*)$/.exec(part);
      return match ? [[match[1]!, match[2]!]] : [];
    }),
  );
}
