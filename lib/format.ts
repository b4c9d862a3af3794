const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
// No weeks: invitations last 1 to 30 days, and "in 7 days" says more than "next week".
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/**
 * "3 minutes ago", "in 7 days", "just now". The unit is the largest the time
 * reaches, the count rounded: a 7-day link read a second after it was made
 * still expires "in 7 days".
 */
export function relativeTime(date: Date, now = new Date()): string {
  const seconds = (date.getTime() - now.getTime()) / 1000;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return "just now";
}

/**
 * Where a date or time is read: "UTC" where the reader's zone isn't known (the
 * server, emails), "local" (the browser's own zone) once a page runs in it.
 */
export type Zone = "UTC" | "local";
const timeZoneOf = (zone: Zone) => (zone === "UTC" ? "UTC" : undefined);

const DATE_TIME_OPTIONS: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" };

// Making a formatter costs far more than formatting with one (a page of 50 members shows 100 times): one of each, per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: "date" | "datetime", zone: Zone): Intl.DateTimeFormat {
  const key = `${kind} ${zone}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat("en", { ...(kind === "date" ? { dateStyle: "medium" } : DATE_TIME_OPTIONS), timeZone: timeZoneOf(zone) });
    formatters.set(key, made);
  }
  return made;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * "Jun 8, 2025". In UTC it is written out rather than formatted by Intl: the
 * server writes up to 100 a page, and Intl's formatting was over a tenth of a
 * millisecond of it (issue 10); the result is Intl's "en" medium date, checked
 * against it in tests/unit/format.test.ts.
 */
export function formatDate(date: Date, zone: Zone = "UTC"): string {
  if (zone === "UTC") return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;
  return formatter("date", zone).format(date);
}

/** "Jun 8, 2025, 9:30 AM UTC": always with its zone, so a reader knows which clock it is. */
export function formatDateTime(date: Date, zone: Zone = "UTC"): string {
  return formatter("datetime", zone).format(date);
}
