"use client";

import { useEffect, useState } from "react";
import { toast } from "sonner";
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

// The clipboard holds one text, so one confirmation at a time: a later copy replaces it.
const CLIPBOARD_TOAST = "clipboard";
let confirmedText: string | undefined;

/** Says that `text` is on the clipboard, replacing any earlier copy's confirmation. */
export function confirmCopied(message: string, text: string): void {
  confirmedText = text;
  toast.success(message, { id: CLIPBOARD_TOAST });
}

/**
 * Copies text to the clipboard and says so in a toast; the text stays visible
 * for copying by hand. The confirmation belongs to the text that was copied:
 * when the text changes (a new link is generated), it is taken away, so it
 * never vouches for a text that isn't on the clipboard.
 */
export function CopyButton({ text, label = "Copy Link", copiedMessage = "Link copied." }: { text: string; label?: string; copiedMessage?: string }) {
  const [refusedFor, setRefusedFor] = useState<string>();
  useEffect(
    () => () => {
      if (confirmedText !== text) return;
      confirmedText = undefined;
      toast.dismiss(CLIPBOARD_TOAST);
    },
    [text],
  );
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        type="button"
        variant="secondary"
        onClick={async () => {
          const copied = await copyToClipboard(text);
          setRefusedFor(copied ? undefined : text);
          if (!copied) return;
          confirmCopied(copiedMessage, text);
        }}
      >
        {label}
      </Button>
      {refusedFor === text ? <span className="text-sm text-slate-700">This browser didn&apos;t allow copying: copy it by hand.</span> : null}
    </span>
  );
}
