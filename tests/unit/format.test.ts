import { formatDate, formatDateTime, relativeTime } from "@/lib/format";

const NOW = new Date("2026-12-01T09:30:00Z");
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
const DAY = 24 * 3600;

describe("relativeTime", () => {
  it.each([
    [7 * DAY - 1, "in 7 days"],
    [7 * DAY, "in 7 days"],
    [30 * DAY - 1, "in 30 days"],
    [-3 * DAY, "3 days ago"],
    [-2 * 3600, "2 hours ago"],
    [70 * 60, "in 1 hour"],
    [-3 * 60, "3 minutes ago"],
    [-59, "just now"],
    [45 * DAY, "in 2 months"],
    [-400 * DAY, "last year"],
  ])("%i seconds from now reads %s", (seconds, expected) => {
    expect(relativeTime(later(seconds), NOW)).toBe(expected);
  });
});

describe("absolute times", () => {
  it("say their zone: UTC unless the reader's own is asked for", () => {
    expect(formatDateTime(new Date("2025-06-08T20:30:00Z"))).toBe("Jun 8, 2025, 8:30 PM UTC");
    expect(formatDate(new Date("2025-06-08T20:30:00Z"))).toBe("Jun 8, 2025");
    // "local" is the zone the process (the browser) runs in, whatever it is.
    const local = new Intl.DateTimeFormat("en", { dateStyle: "medium" }).format(new Date("2025-06-08T20:30:00Z"));
    expect(formatDate(new Date("2025-06-08T20:30:00Z"), "local")).toBe(local);
  });
});

describe("dates in UTC", () => {
  it("read exactly as Intl's medium English date, on every day of 1970–2100 and at either end of a day", () => {
    const intl = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });
    const days = Math.round((Date.UTC(2101, 0, 1) - Date.UTC(1970, 0, 1)) / (DAY * 1000));
    const differ: string[] = [];
    for (let day = 0; day < days; day++) {
      for (const time of [0, DAY * 1000 - 1]) {
        const date = new Date(Date.UTC(1970, 0, 1) + day * DAY * 1000 + time);
        if (formatDate(date) !== intl.format(date)) differ.push(date.toISOString());
      }
    }
    expect(days).toBeGreaterThan(47_000);
    expect(differ).toEqual([]);
  });
});
