"use client";

import { useState } from "react";
import { Button } from "./button";

/** Puts text on the clipboard; false when the browser refuses (no permission, no secure context). */
export async function copyToClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Copies text to the clipboard and says so; the text stays visible for copying by hand. */
export function CopyButton({ text, label = "Copy Link", ariaLabel }: { text: string; label?: string; ariaLabel?: string }) {
  const [copied, setCopied] = useState<"yes" | "failed">();
  return (
    <span className="inline-flex items-center gap-2">
      <Button type="button" variant="secondary" aria-label={ariaLabel} onClick={async () => setCopied((await copyToClipboard(text)) ? "yes" : "failed")}>
        {label}
      </Button>
      <span role="status" className="text-sm text-slate-600">
        {copied === "yes" ? "Copied" : copied === "failed" ? "Copy the link by hand" : ""}
      </span>
    </span>
  );
}
