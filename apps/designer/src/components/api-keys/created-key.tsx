"use client";

import { useRef, useState } from "react";
import type { CreatedKey } from "./new-api-key-form";

/** The new key, once: only its hash is stored, so closing this box loses it for good. */
export function CreatedKeyBox({ created, onClose }: { created: CreatedKey; onClose: () => void }) {
  const codeRef = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState<"yes" | "select" | null>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied("yes");
    } catch {
      // No clipboard API (plain http on another host): select the text for Ctrl+C instead.
      const range = document.createRange();
      if (codeRef.current) range.selectNodeContents(codeRef.current);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      setCopied("select");
    }
  };

  return (
    <div className="card form-card created-key" role="status" data-testid="created-api-key">
      <p className="notice notice-warning">
        Copy the key for <span className="strong">{created.name}</span> now. It is shown only once: it is stored hashed and cannot be displayed again. If it is lost,
        revoke it and create a new one.
      </p>
      <div className="link-box">
        <code ref={codeRef} data-testid="created-api-key-value">
          {created.key}
        </code>
        <button type="button" className="button button-secondary button-small" onClick={() => void copy()} data-testid="copy-api-key">
          {copied === "yes" ? "Copied" : "Copy"}
        </button>
        <button type="button" className="button button-secondary button-small" onClick={onClose} data-testid="close-created-api-key">
          Done
        </button>
      </div>
      {copied === "select" && <span className="muted small">Selected: press Ctrl+C (⌘C) to copy.</span>}
    </div>
  );
}
