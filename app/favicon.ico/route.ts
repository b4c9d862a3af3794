import { permanentRedirect } from "next/navigation";

/**
 * The app's icon is app/icon.svg (linked from every page). Browsers still ask
 * for /favicon.ico now and then (Chromium does after a page changes its own
 * URL, as the dashboard does to drop its one-time `?joined` flag): send them to it.
 */
export function GET(): never {
  permanentRedirect("/icon.svg");
}
