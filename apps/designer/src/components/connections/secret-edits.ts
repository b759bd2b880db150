"use client";

import { useState } from "react";
import type { AuthField } from "./auth-fields";
import type { SecretInputProps } from "./connection-form";

const toggled = (set: Set<string>, key: string, on: boolean) => {
  const next = new Set(set);
  if (on) next.add(key);
  else next.delete(key);
  return next;
};

/**
 * The state of a form's write-only secret inputs (connections, trading partners): typed values,
 * set secrets whose "Replace" was clicked, and those marked to be removed. `stored` is what the
 * server says is set (edit mode); values are never prefilled.
 */
export function useSecretEdits(stored: Record<string, { updatedAt: Date | null } | undefined> | undefined) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [replacing, setReplacing] = useState<Set<string>>(new Set());
  const [clearing, setClearing] = useState<Set<string>>(new Set());
  return {
    propsFor: (field: AuthField, error?: string): SecretInputProps => ({
      field,
      set: stored?.[field.key] ?? null,
      value: values[field.key] ?? "",
      onChange: (value) => setValues({ ...values, [field.key]: value }),
      replacing: !stored?.[field.key] || replacing.has(field.key),
      onReplace: (on) => {
        setReplacing(toggled(replacing, field.key, on));
        if (!on) setValues({ ...values, [field.key]: "" });
      },
      clearing: clearing.has(field.key),
      onClear: (on) => setClearing(toggled(clearing, field.key, on)),
      error,
    }),
    /** New values typed (not for fields being removed). */
    typed: () => Object.fromEntries(Object.entries(values).filter(([key, value]) => value !== "" && !clearing.has(key))),
    /** The removals, as an update's `secrets` states them. */
    cleared: () => Object.fromEntries([...clearing].map((key) => [key, null])) as Record<string, null>,
    reset: () => setValues({}),
  };
}
