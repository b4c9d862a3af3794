"use client";

import { useEffect } from "react";

/**
 * Takes a one-time flag (`?joined=…`) out of the address bar once its page is
 * shown, so reloading or bookmarking the page doesn't show its notice again.
 */
export function DropQueryParam({ name }: { name: string }) {
  useEffect(() => {
    const url = new URL(window.location.href);
    if (!url.searchParams.has(name)) return;
    url.searchParams.delete(name);
    window.history.replaceState(window.history.state, "", url);
  }, [name]);
  return null;
}
