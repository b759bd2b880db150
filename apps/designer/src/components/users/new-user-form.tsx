"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { QueryError } from "@/components/query-error";
import { useTRPC } from "@/trpc/client";

type Role = "admin" | "analyst" | "operator" | "viewer";

export function NewUserForm(props: { onCancel: () => void; onCreated: (link: { email: string; path: string; expiresAt: Date }) => void }) {
  const trpc = useTRPC();
  const create = useMutation(trpc.users.create.mutationOptions());
  const [role, setRole] = useState<Role>("analyst");

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "");
    create.mutate({ email, name: String(form.get("name") ?? ""), role }, { onSuccess: ({ link }) => props.onCreated({ email, ...link }) });
  }

  return (
    <form className="card new-mapping" onSubmit={submit} data-testid="new-user-form">
      <label className="field">
        Email
        <input className="input" name="email" type="email" required data-testid="new-user-email" />
      </label>
      <label className="field">
        Name
        <input className="input" name="name" data-testid="new-user-name" />
      </label>
      <label className="field">
        Role
        <select value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="new-user-role">
          <option value="analyst">analyst — flows and mappings</option>
          <option value="operator">operator — runs and dead letters</option>
          <option value="viewer">viewer — read only</option>
          <option value="admin">admin — everything</option>
        </select>
      </label>
      <button className="button" type="submit" disabled={create.isPending} data-testid="new-user-submit">
        Create user
      </button>
      <button type="button" className="button button-secondary" onClick={props.onCancel}>
        Cancel
      </button>
      <QueryError error={create.error} />
    </form>
  );
}

/** The one-time set-password link, shown to the admin to pass on (there is no mail server). */
export function PasswordLink({ email, path, expiresAt, onClose }: { email: string; path: string; expiresAt: Date; onClose: () => void }) {
  const url = typeof window === "undefined" ? path : `${window.location.origin}${path}`;
  return (
    <div className="card form-card" style={{ maxWidth: "none", marginBottom: 16 }} data-testid="password-link">
      <div>
        Send this one-time link to <span className="strong">{email}</span> to set their password. It works once and expires{" "}
        {expiresAt.toLocaleString()}; it is not shown again.
      </div>
      <div className="link-box">
        <code data-testid="password-link-url">{url}</code>
        <button type="button" className="button button-secondary button-small" onClick={() => void navigator.clipboard?.writeText(url)}>
          Copy
        </button>
        <button type="button" className="button button-secondary button-small" onClick={onClose}>
          Done
        </button>
      </div>
    </div>
  );
}
