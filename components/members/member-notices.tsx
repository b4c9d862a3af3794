"use client";

import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from "react";

type Announce = (message: string, options?: { focus?: boolean }) => void;

const AnnounceContext = createContext<Announce>(() => {});

/**
 * Where the outcome of a change in the member list is said, above the table.
 * It outlives the rows: a removed member's row (and the menu that removed
 * them) is gone when the answer arrives, so focus moves here instead of being lost.
 */
export function MemberNotices({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState<string>();
  const region = useRef<HTMLParagraphElement>(null);
  const announce = useCallback<Announce>((text, options) => {
    setMessage(text);
    if (options?.focus) requestAnimationFrame(() => region.current?.focus());
  }, []);
  return (
    <AnnounceContext value={announce}>
      <p
        ref={region}
        tabIndex={-1}
        role="status"
        className={
          message ? "rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800 focus:outline-2 focus:outline-offset-2 focus:outline-brand-600" : "sr-only"
        }
      >
        {message}
      </p>
      {children}
    </AnnounceContext>
  );
}

export function useAnnounce(): Announce {
  return useContext(AnnounceContext);
}
