"use client";

import { useSyncExternalStore } from "react";
import { formatDate, formatDateTime, relativeTime } from "@/lib/format";

const noSubscription = () => () => {};

/**
 * False while the server renders and while the page hydrates, true after:
 * the server doesn't know the reader's time zone or clock, so the first
 * render must match what it sent, and only then may the browser's own show.
 */
export function useInBrowser(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

type TimeFormat = "datetime" | "date" | "relative" | "datetime-relative";

/**
 * A moment, for the reader: the server sends it in UTC (absolute, so it
 * holds without JavaScript; a relative one as its day); the browser then shows it in its own time zone,
 * relative to now ("in 7 days", "2 hours ago", with the exact local time as
 * the tooltip), or both ("Jun 8, 2025, 11:30 AM GMT+2 (in 7 days)").
 */
export function LocalTime({ date, format = "datetime" }: { date: Date; format?: TimeFormat }) {
  return localTime(date, format, useInBrowser());
}

/**
 * LocalTime's markup, for a list that already knows whether it runs in the
 * browser (useInBrowser): one component per time, each with its own hook,
 * cost the server about a millisecond per 100 times (issue 10).
 */
export function localTime(date: Date, format: TimeFormat, inBrowser: boolean) {
  const zone = inBrowser ? "local" : "UTC";
  // A relative time depends on the reader's clock: the server sends the day it falls on.
  const day = format === "date" || (!inBrowser && format === "relative");
  // The exact time is formatted only where it is shown: the server formats up to 100 times per page (issue 10).
  const exact = day && !inBrowser ? "" : formatDateTime(date, zone);
  let shown = exact;
  if (day) shown = formatDate(date, zone);
  else if (format === "relative") shown = relativeTime(date);
  else if (inBrowser && format === "datetime-relative") shown = `${exact} (${relativeTime(date)})`;
  // The tooltip (the exact local time) is the browser's: the server's UTC one would only add bytes per time shown.
  return (
    <time dateTime={date.toISOString()} title={inBrowser && !shown.includes(exact) ? exact : undefined}>
      {shown}
    </time>
  );
}
