"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/client";

/** A new environment (e.g. staging): a slug name and a description. */
export function EnvironmentForm({ onDone }: { onDone(created?: string): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const create = useMutation(
    trpc.connections.createEnvironment.mutationOptions({
      onSuccess: async (env) => {
        await queryClient.invalidateQueries(trpc.connections.environments.queryFilter());
        onDone(env.name);
      },
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name, description });
  };

  return (
    <form className="card conn-form" onSubmit={submit} data-testid="environment-form">
      <h3>New environment</h3>
      <div className="conn-form-row">
        <label className="field">
          Name
          <input
            className="input"
            value={name}
            onChange={(e) => setName(e.target.value.toLowerCase())}
            required
            maxLength={40}
            pattern="[a-z0-9]([a-z0-9\-]*[a-z0-9])?"
            title="Lower-case letters, digits and dashes"
            placeholder="staging"
            autoFocus
            data-testid="environment-name"
          />
        </label>
        <label className="field field-grow">
          Description
          <input className="input" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} placeholder="Pre-production accounts" data-testid="environment-description" />
        </label>
        <div className="conn-form-actions">
          <button type="submit" className="button" disabled={create.isPending || name === ""} data-testid="create-environment">
            Create
          </button>
          <button type="button" className="button button-secondary" onClick={() => onDone()}>
            Cancel
          </button>
        </div>
      </div>
      {create.error && (
        <p className="notice notice-error" role="alert">
          {create.error.message}
        </p>
      )}
    </form>
  );
}
