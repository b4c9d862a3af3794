/** @jest-environment jsdom */
import { act, render, screen } from "@testing-library/react";
import { hydrateRoot } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { LocalTime } from "@/components/ui/local-time";
import { relativeTime } from "@/lib/format";

/**
 * <LocalTime>: the server doesn't know the reader's zone or clock, so it sends
 * UTC; the browser then shows its own zone (or "in 7 days"). The browser here
 * is in Tokyo (UTC+9, no daylight saving), so every local time differs from UTC.
 */
const SEEN_FROM = "Asia/Tokyo";
// The zone a browser formats in when none is named (the tests' process may be in any zone; the browser tests set a real one).
const RealDateTimeFormat = Intl.DateTimeFormat;
beforeAll(() => {
  function inBrowserZone(locales?: string | string[], options: Intl.DateTimeFormatOptions = {}) {
    return new RealDateTimeFormat(locales, { ...options, timeZone: options.timeZone ?? SEEN_FROM });
  }
  Intl.DateTimeFormat = inBrowserZone as unknown as typeof Intl.DateTimeFormat;
});
afterAll(() => {
  Intl.DateTimeFormat = RealDateTimeFormat;
});

// 20:30 UTC on June 8 is 05:30 on June 9 in Tokyo.
const MOMENT = new Date("2025-06-08T20:30:00Z");

describe("LocalTime", () => {
  it("sends UTC from the server, in a <time> with the exact moment", () => {
    const html = renderToString(<LocalTime date={MOMENT} />);
    expect(html).toBe('<time dateTime="2025-06-08T20:30:00.000Z">Jun 8, 2025, 8:30 PM UTC</time>');
    // Just the date, no tooltip yet: the exact time in the tooltip is the reader's zone's, added in the browser.
    expect(renderToString(<LocalTime date={MOMENT} format="date" />)).toBe('<time dateTime="2025-06-08T20:30:00.000Z">Jun 8, 2025</time>');
    // Relative times depend on the clock: the server sends the day instead.
    expect(renderToString(<LocalTime date={MOMENT} format="relative" />)).toBe('<time dateTime="2025-06-08T20:30:00.000Z">Jun 8, 2025</time>');
  });

  it("hydrates the server's HTML without a mismatch, then shows the reader's zone", async () => {
    const container = document.createElement("div");
    container.innerHTML = renderToString(<LocalTime date={MOMENT} />);
    document.body.append(container);
    const errors = jest.spyOn(console, "error").mockImplementation(() => {});
    const recoverable: unknown[] = [];
    await act(async () => {
      hydrateRoot(container, <LocalTime date={MOMENT} />, { onRecoverableError: (error) => recoverable.push(error) });
    });
    expect(container.querySelector("time")).toHaveTextContent("Jun 9, 2025, 5:30 AM GMT+9");
    expect(container.querySelector("time")).toHaveAttribute("dateTime", "2025-06-08T20:30:00.000Z");
    expect(recoverable).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
    container.remove();
  });

  it("hydrates a relative time sent as its day, then shows it relative with the exact local time as the tooltip", async () => {
    const container = document.createElement("div");
    container.innerHTML = renderToString(<LocalTime date={MOMENT} format="relative" />);
    document.body.append(container);
    expect(container.querySelector("time")).not.toHaveAttribute("title");
    const errors = jest.spyOn(console, "error").mockImplementation(() => {});
    const recoverable: unknown[] = [];
    await act(async () => {
      hydrateRoot(container, <LocalTime date={MOMENT} format="relative" />, { onRecoverableError: (error) => recoverable.push(error) });
    });
    expect(container.querySelector("time")).toHaveTextContent(relativeTime(MOMENT));
    expect(container.querySelector("time")).toHaveAttribute("title", "Jun 9, 2025, 5:30 AM GMT+9");
    expect(recoverable).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
    container.remove();
  });

  it("shows dates in the reader's zone", () => {
    render(<LocalTime date={MOMENT} format="date" />);
    expect(screen.getByText("Jun 9, 2025")).toHaveAttribute("title", "Jun 9, 2025, 5:30 AM GMT+9");
  });

  it("shows times relative to the reader's clock, the exact local time as the tooltip", () => {
    const inAWeek = new Date(Date.now() + 7 * 24 * 3600 * 1000 - 1000);
    const twoHoursAgo = new Date(Date.now() - 2 * 3600 * 1000);
    render(
      <>
        <LocalTime date={inAWeek} format="relative" />
        <LocalTime date={twoHoursAgo} format="relative" />
        <LocalTime date={inAWeek} format="datetime-relative" />
      </>,
    );
    // A 7-day link read a second after it was made still expires "in 7 days".
    const expires = screen.getByText("in 7 days");
    expect(expires.tagName).toBe("TIME");
    expect(expires).toHaveAttribute("title", expect.stringMatching(/ GMT\+9$/));
    expect(screen.getByText("2 hours ago")).toBeInTheDocument();
    expect(screen.getByText(/^\w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M GMT\+9 \(in 7 days\)$/)).not.toHaveAttribute("title");
  });
});
