"use client";

import { useState } from "react";
import { Button } from "./button";

/** Copies text to the clipboard and says so; the text stays visible for copying by hand. */
export function CopyButton({ text, label = "Copy Link" }: { text: string; label?: string }) {
  const [copied, setCopied] = useState<"yes" | "failed">();
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        type="button"
        variant="secondary"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(text);
            setCopied("yes");
          } catch {
            setCopied("failed");
          }
        }}
      >
        {label}
      </Button>
      <span role="status" className="text-sm text-slate-600">
        {copied === "yes" ? "Copied" : copied === "failed" ? "Copy the link by hand" : ""}
      </span>
    </span>
  );
}
