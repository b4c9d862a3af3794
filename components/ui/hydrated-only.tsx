"use client";

import type { ReactNode } from "react";
import { useInBrowser } from "./local-time";

/**
 * `placeholder` on the server and while the page hydrates, `children` after.
 * For a Radix menu or popover, whose trigger does nothing before the page's
 * JavaScript runs anyway: the placeholder is the trigger as plain markup
 * (TriggerPlaceholder), so the page looks the same, and the server doesn't
 * render Radix's machinery (the navigation's three menus cost ~1.2 ms of
 * every signed-in page, issue 10).
 */
export function HydratedOnly({ placeholder, children }: { placeholder: ReactNode; children: ReactNode }) {
  return useInBrowser() ? children : placeholder;
}

/** A closed Radix trigger as plain markup: a button that reads as Radix's does (it opens a menu or a dialog, closed). */
export function TriggerPlaceholder({ opens, label, className, children }: { opens: "menu" | "dialog"; label?: string; className?: string; children: ReactNode }) {
  return (
    <button type="button" aria-haspopup={opens} aria-expanded="false" aria-label={label} className={className}>
      {children}
    </button>
  );
}
