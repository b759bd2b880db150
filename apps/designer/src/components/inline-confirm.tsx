"use client";

import type { ReactNode } from "react";

/**
 * "Delete X? [Delete] [Cancel]" in place of a row's buttons: a destructive action
 * asks once, next to what it destroys, instead of in a modal. `label` names the
 * dialog for screen readers ("Delete Orders to NetSuite").
 */
export function InlineConfirm(props: { question: ReactNode; confirmLabel: string; pending: boolean; onConfirm: () => void; onCancel: () => void; testId: string; label: string }) {
  return (
    <span className="confirm" role="alertdialog" aria-label={props.label}>
      <span>{props.question}</span>{" "}
      <button type="button" className="button button-small button-danger" disabled={props.pending} onClick={props.onConfirm} data-testid={props.testId}>
        {props.confirmLabel}
      </button>{" "}
      <button type="button" className="button button-secondary button-small" onClick={props.onCancel}>
        Cancel
      </button>
    </span>
  );
}
