"use client";

import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * The reader's time zone, sent with the filter form so that its days are days
 * on their own clock. The server renders the zone the page was filtered with
 * (UTC when none was given); the browser then puts in its own.
 */
export function TimeZoneField({ timeZone }: { timeZone: string }) {
  const zone = useSyncExternalStore(
    noSubscription,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    () => timeZone,
  );
  return <input type="hidden" name="timeZone" value={zone} />;
}
