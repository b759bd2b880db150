"use client";

import { useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { authClient } from "@/lib/auth-client";
import { safeNext } from "@/lib/safe-next";

export function SignInForm() {
  const params = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const { error } = await authClient.signIn.email({ email: String(form.get("email")), password: String(form.get("password")) });
    if (error) {
      setPending(false);
      setError(error.message ?? "Sign-in failed");
      return;
    }
    // A full navigation: every cached query belonged to the signed-out visitor.
    window.location.assign(safeNext(params.get("next")));
  }

  return (
    <form className="card auth-card" onSubmit={submit} data-testid="sign-in-form">
      <h1>Sign in</h1>
      <p className="muted">Distribution iPaaS</p>
      <label className="field">
        Email
        <input className="input" name="email" type="email" autoComplete="username" required autoFocus data-testid="sign-in-email" />
      </label>
      <label className="field">
        Password
        <input className="input" name="password" type="password" autoComplete="current-password" required data-testid="sign-in-password" />
      </label>
      {error && (
        <p className="notice notice-error" role="alert" data-testid="sign-in-error">
          {error}
        </p>
      )}
      <button className="button" type="submit" disabled={pending} data-testid="sign-in-submit">
        {pending ? "Signing in …" : "Sign in"}
      </button>
      <p className="muted small">Forgot your password? Ask an admin for a new set-password link.</p>
    </form>
  );
}
