import { MIN_PASSWORD_LENGTH } from "@/lib/password-rules";

/** "New password" + "Repeat" inputs, shared by the set-password and account pages. */
export function PasswordFields() {
  return (
    <>
      <label className="field">
        New password (at least {MIN_PASSWORD_LENGTH} characters)
        <input className="input" name="password" type="password" autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH} required data-testid="new-password" />
      </label>
      <label className="field">
        Repeat the new password
        <input className="input" name="repeat" type="password" autoComplete="new-password" required data-testid="repeat-password" />
      </label>
    </>
  );
}

export function readPasswords(form: FormData): { password: string } | { error: string } {
  const password = String(form.get("password") ?? "");
  if (password.length < MIN_PASSWORD_LENGTH) return { error: `The password needs at least ${MIN_PASSWORD_LENGTH} characters.` };
  if (password !== String(form.get("repeat") ?? "")) return { error: "The two passwords differ." };
  return { password };
}
