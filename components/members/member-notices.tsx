"use client";

import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from "react";

type Announce = (message: string) => void;

const AnnounceContext = createContext<Announce>(() => {});

/**
 * Where focus goes after a change that takes its control away, above the
 * table: a removed member's row (and the menu that removed them) is gone when
 * the answer arrives, so the outcome is repeated here and focused instead of
 * focus being lost. (The toast says it to everyone; this is not a live region,
 * so a screen reader reads it once, on focus.)
 */
export function MemberNotices({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState<string>();
  const region = useRef<HTMLParagraphElement>(null);
  const announce = useCallback<Announce>((text) => {
    setMessage(text);
    requestAnimationFrame(() => region.current?.focus());
  }, []);
  return (
    <AnnounceContext value={announce}>
      <p
        ref={region}
        tabIndex={-1}
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
