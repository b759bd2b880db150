"use client";

import { useState, type FormEvent } from "react";
import { useMe } from "@/hooks/use-me";
import { authClient } from "@/lib/auth-client";
import { PasswordFields, readPasswords } from "./password-fields";

export function AccountPanel() {
  const { me } = useMe();
  const [message, setMessage] = useState<{ kind: "success" | "error"; text: string } | null>(null);

  async function changePassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const passwords = readPasswords(form);
    if ("error" in passwords) return setMessage({ kind: "error", text: passwords.error });
    const { error } = await authClient.changePassword({
      currentPassword: String(form.get("current") ?? ""),
      newPassword: passwords.password,
      // Anyone who had the old password is signed out elsewhere.
      revokeOtherSessions: true,
    });
    if (error) return setMessage({ kind: "error", text: error.message ?? "Could not change the password" });
    formElement.reset();
    setMessage({ kind: "success", text: "Password changed. Your other sessions were signed out." });
  }

  return (
    <>
      {me && (
        <p>
          Signed in as <span className="strong">{me.email}</span> <span className="tag">{me.role}</span>
        </p>
      )}
      <h2>Change password</h2>
      <form className="card form-card" onSubmit={changePassword} data-testid="change-password-form">
        <label className="field">
          Current password
          <input className="input" name="current" type="password" autoComplete="current-password" required data-testid="current-password" />
        </label>
        <PasswordFields />
        <div>
          <button className="button" type="submit" data-testid="change-password-submit">
            Change password
          </button>
          {message && (
            <span className={`notice notice-${message.kind}`} role="status">
              {message.text}
            </span>
          )}
        </div>
      </form>
    </>
  );
}
