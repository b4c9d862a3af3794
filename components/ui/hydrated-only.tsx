"use client";

import type { ReactNode } from "react";
import { useInBrowser } from "./local-time";

/**
 * `placeholder` on the server and while the page hydrates, `children` after.
 * For a Radix menu or popover, whose trigger does nothing before the page's
 * JavaScript runs anyway: the placeholder is the trigger as plain markup, so
 * the page looks the same, and the server doesn't render Radix's machinery
 * (the navigation's three menus cost ~1.2 ms of every signed-in page, issue 10).
 */
export function HydratedOnly({ placeholder, children }: { placeholder: ReactNode; children: ReactNode }) {
  return useInBrowser() ? children : placeholder;
}
