"use client";

import { useRef, useState } from "react";

/**
 * Copy-to-clipboard for a text shown in an element. Without the clipboard API
 * (plain http on another host) the element's text is selected for Ctrl+C instead,
 * and `copied` says "select" so the UI can tell the user.
 */
export function useCopy<E extends HTMLElement>() {
  const ref = useRef<E>(null);
  const [copied, setCopied] = useState<"yes" | "select" | null>(null);
  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied("yes");
    } catch {
      const range = document.createRange();
      if (ref.current) range.selectNodeContents(ref.current);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      setCopied("select");
    }
  };
  return { ref, copied, copy };
}
