"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { QueryError } from "@/components/query-error";
import { useTRPC } from "@/trpc/client";
import { FlowScopePicker, type FlowScope } from "./flow-scope-picker";

export interface CreatedKey {
  name: string;
  prefix: string;
  key: string;
  flowIds: FlowScope;
}

export const DEFAULT_RATE_LIMIT = 600;

/** Requests per minute; the runtime answers 429 with Retry-After above it. */
export function RateLimitField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  return (
    <label className="field">
      Requests per minute
      <input className="input" type="number" min={1} max={60000} step={1} required value={value} onChange={(e) => onChange(e.target.value)} data-testid="api-key-rate" />
    </label>
  );
}

export function NewApiKeyForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (created: CreatedKey) => void }) {
  const trpc = useTRPC();
  const create = useMutation(trpc.apiKeys.create.mutationOptions());
  const [name, setName] = useState("");
  const [scope, setScope] = useState<FlowScope>(null);
  const [rate, setRate] = useState(String(DEFAULT_RATE_LIMIT));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name, flowIds: scope, rateLimitPerMinute: Number(rate) }, { onSuccess: (row) => onCreated({ name: name.trim(), prefix: row.prefix, key: row.key, flowIds: scope }) });
  };

  return (
    <form className="card key-form" onSubmit={submit} data-testid="new-api-key-form">
      <div className="key-form-row">
        <label className="field field-grow">
          Name
          <input className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder="ERP order import" required maxLength={100} autoFocus data-testid="api-key-name" />
        </label>
        <RateLimitField value={rate} onChange={setRate} />
      </div>
      <FlowScopePicker value={scope} onChange={setScope} />
      <div className="key-form-row">
        <button type="submit" className="button" disabled={create.isPending || name.trim() === "" || scope?.length === 0} data-testid="create-api-key">
          Create key
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <QueryError error={create.error} />
    </form>
  );
}
