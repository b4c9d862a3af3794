import { isTimeZone, startOfDay } from "@/lib/time-zone";

describe("days in a time zone", () => {
  it("finds the instant a day starts and ends on a zone's clock", () => {
    expect(startOfDay("2026-12-01", "UTC").toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(startOfDay("2026-12-01", "UTC", 1).toISOString()).toBe("2026-12-02T00:00:00.000Z");
    expect(startOfDay("2026-12-01", "Asia/Tokyo").toISOString()).toBe("2026-11-30T15:00:00.000Z");
    expect(startOfDay("2026-12-01", "America/Los_Angeles").toISOString()).toBe("2026-12-01T08:00:00.000Z");
    expect(startOfDay("2026-12-31", "Asia/Kolkata", 1).toISOString()).toBe("2026-12-31T18:30:00.000Z");
  });

  it("is right on both sides of a daylight-saving change", () => {
    // Europe/Paris moves to summer time on 29 March 2026 at 02:00 (+1 → +2) and back on 25 October.
    expect(startOfDay("2026-03-29", "Europe/Paris").toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(startOfDay("2026-03-30", "Europe/Paris").toISOString()).toBe("2026-03-29T22:00:00.000Z");
    expect(startOfDay("2026-10-25", "Europe/Paris").toISOString()).toBe("2026-10-24T22:00:00.000Z");
    expect(startOfDay("2026-10-26", "Europe/Paris").toISOString()).toBe("2026-10-25T23:00:00.000Z");
  });

  it("knows IANA zone names", () => {
    expect(isTimeZone("Europe/Paris")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });
});
