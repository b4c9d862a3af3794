const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/** "3 minutes ago", "in 7 days", "just now". Rounded: a 7-day link read a second after it was made still expires "in 7 days". */
export function relativeTime(date: Date, now = new Date()): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return "just now";
}

/**
 * Dates and times in one zone: UTC where the reader's zone isn't known (the
 * server, emails), the browser's own once a page runs in it (`undefined`).
 */
export function formatDate(date: Date, timeZone: string | undefined = "UTC"): string {
  return new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone }).format(date);
}

/** "Jun 8, 2025, 9:30 AM UTC": always with its zone, so a reader knows which clock it is. */
export function formatDateTime(date: Date, timeZone: string | undefined = "UTC"): string {
  return new Intl.DateTimeFormat("en", { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short", timeZone }).format(date);
}
