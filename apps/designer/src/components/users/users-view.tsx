"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { QueryError } from "@/components/query-error";
import { DataTable, type Column } from "@/components/ui/data-table";
import { useMe } from "@/hooks/use-me";
import { formatRelative } from "@/lib/format";
import { useTRPC } from "@/trpc/client";
import type { RouterOutputs } from "@/trpc/types";
import { NewUserForm, PasswordLink } from "./new-user-form";

const ROLES = ["admin", "analyst", "operator", "viewer"] as const;

type UserItem = RouterOutputs["users"]["list"][number];

/** Admin-only: people, roles, set-password links, disabling and unlocking. */
export function UsersView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { me } = useMe();
  const users = useQuery(trpc.users.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const [link, setLink] = useState<{ email: string; path: string; expiresAt: Date } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
  const setRole = useMutation(trpc.users.setRole.mutationOptions({ onSettled: refresh }));
  const setDisabled = useMutation(trpc.users.setDisabled.mutationOptions({ onSettled: refresh }));
  const unlock = useMutation(trpc.users.unlock.mutationOptions({ onSettled: refresh }));
  const passwordLink = useMutation(trpc.users.passwordLink.mutationOptions());
  const error = setRole.error ?? setDisabled.error ?? unlock.error ?? passwordLink.error;

  const columns: Column<UserItem>[] = [
    {
      header: "User",
      cell: (u) => (
        <>
          <div className="strong">{u.email}</div>
          {u.name && <div className="muted small">{u.name}</div>}
        </>
      ),
    },
    {
      header: "Role",
      cell: (u) => (
        <select
          className="input"
          aria-label={`Role of ${u.email}`}
          value={u.role}
          disabled={u.id === me?.id}
          onChange={(e) => setRole.mutate({ userId: u.id, role: e.target.value as (typeof ROLES)[number] })}
          data-testid="user-role"
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      ),
    },
    { header: "Status", cell: (u) => <UserStatus user={u} /> },
    { header: "Last sign-in", className: "muted", cell: (u) => (u.lastSignInAt ? formatRelative(u.lastSignInAt) : "never") },
    {
      header: "Actions",
      srOnly: true,
      headerClassName: "actions",
      className: "actions",
      cell: (u) => (
        <>
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => passwordLink.mutate({ userId: u.id }, { onSuccess: (l) => setLink({ email: u.email, ...l }) })}
          >
            Password link
          </button>{" "}
          {u.lockedUntil && (
            <button type="button" className="button button-secondary button-small" onClick={() => unlock.mutate({ userId: u.id })}>
              Unlock
            </button>
          )}{" "}
          {u.id !== me?.id && (
            <button
              type="button"
              className={`button button-secondary button-small${u.disabled ? "" : " button-danger"}`}
              onClick={() => setDisabled.mutate({ userId: u.id, disabled: !u.disabled })}
              data-testid="user-toggle-disabled"
            >
              {u.disabled ? "Enable" : "Disable"}
            </button>
          )}
        </>
      ),
    },
  ];

  return (
    <div className="page">
      <header className="page-header page-header-row">
        <div>
          <h1>Users</h1>
          <p className="muted">Admins manage users and connections; analysts build flows; operators fix runs; viewers look.</p>
        </div>
        {!creating && (
          <button type="button" className="button" onClick={() => setCreating(true)} data-testid="new-user">
            New user
          </button>
        )}
      </header>
      {creating && (
        <NewUserForm
          onCancel={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false);
            setLink(created);
            void refresh();
          }}
        />
      )}
      {link && <PasswordLink {...link} onClose={() => setLink(null)} />}
      <QueryError error={users.error ?? error} />
      <DataTable columns={columns} rows={users.data} rowKey={(u) => u.id} rowProps={(u) => ({ "data-testid": "user-row", "data-email": u.email })} wrapperClassName="card" />
    </div>
  );
}

function UserStatus({ user: u }: { user: UserItem }) {
  if (u.disabled) return <span className="badge badge-dead">disabled</span>;
  if (u.lockedUntil) {
    return (
      <span className="badge badge-failed" title={`until ${u.lockedUntil.toLocaleString()}`}>
        locked
      </span>
    );
  }
  if (!u.hasPassword) return <span className="badge badge-queued">invited</span>;
  return <span className="badge badge-succeeded">active</span>;
}
