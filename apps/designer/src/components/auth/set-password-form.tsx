"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { authClient } from "@/lib/auth-client";
import { PasswordFields, readPasswords } from "./password-fields";

/** The page behind a one-time link from an admin: new users and forgotten passwords. */
export function SetPasswordForm() {
  const token = useSearchParams().get("token");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [pending, setPending] = useState(false);

  if (!token) return <p className="card auth-card notice-error">This link is incomplete. Ask an admin for a new set-password link.</p>;
  if (done) {
    return (
      <div className="card auth-card" data-testid="set-password-done">
        <h1>Password set</h1>
        <p>
          You can now <Link href="/sign-in">sign in</Link>.
        </p>
      </div>
    );
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const passwords = readPasswords(new FormData(event.currentTarget));
    if ("error" in passwords) return setError(passwords.error);
    setPending(true);
    const { error } = await authClient.resetPassword({ newPassword: passwords.password, token: token ?? "" });
    setPending(false);
    if (error) return setError(error.code === "INVALID_TOKEN" ? "This link has expired or was used already. Ask an admin for a new one." : (error.message ?? "Could not set the password"));
    setDone(true);
  }

  return (
    <form className="card auth-card" onSubmit={submit} data-testid="set-password-form">
      <h1>Set your password</h1>
      <PasswordFields />
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <button className="button" type="submit" disabled={pending} data-testid="set-password-submit">
        Set password
      </button>
    </form>
  );
}
