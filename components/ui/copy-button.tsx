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

/**
 * Copies text that is still on its way (a server action's answer). Call it in
 * the click handler itself: Safari lets a page write the clipboard only during
 * the click, which a ClipboardItem holding a promise satisfies. Elsewhere it
 * falls back to writeText once the text has arrived.
 */
export async function copyWhenReady(text: Promise<string | undefined>): Promise<boolean> {
  if (typeof ClipboardItem !== "undefined" && navigator.clipboard?.write) {
    const blob = text.then((value) => {
      if (!value) throw new Error("Nothing to copy.");
      return new Blob([value], { type: "text/plain" });
    });
    blob.catch(() => {});
    try {
      await navigator.clipboard.write([new ClipboardItem({ "text/plain": blob })]);
      return true;
    } catch {
      // Refused, or no promise support: try again the plain way.
    }
  }
  const value = await text.catch(() => undefined);
  return value ? copyToClipboard(value) : false;
}

/** Copies text to the clipboard and says so; the text stays visible for copying by hand. */
export function CopyButton({ text, label = "Copy Link" }: { text: string; label?: string }) {
  const [copied, setCopied] = useState<"yes" | "failed">();
  return (
    <span className="inline-flex items-center gap-2">
      <Button type="button" variant="secondary" onClick={async () => setCopied((await copyToClipboard(text)) ? "yes" : "failed")}>
        {label}
      </Button>
      <span role="status" className="text-sm text-slate-600">
        {copied === "yes" ? "Copied" : copied === "failed" ? "Copy the link by hand" : ""}
      </span>
    </span>
  );
}
