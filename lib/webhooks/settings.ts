import { z } from "zod";
import { isIP } from "node:net";
import { refusedAddressReason } from "./addresses";

/**
 * WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=true lets webhooks reach loopback and
 * private addresses, and http:// URLs in production: for development and
 * tests, whose receivers run on this machine. Off by default. Read when used,
 * so tests can switch it.
 */
export function allowPrivateAddresses(env: NodeJS.ProcessEnv = process.env): boolean {
  return ["true", "1", "yes", "on"].includes((env.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES ?? "").trim().toLowerCase());
}

/** In production endpoints must use https (unless private addresses are allowed, for tests); elsewhere http works too. */
function httpAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV !== "production" || allowPrivateAddresses(env);
}

/** Why an endpoint URL is refused when it is saved, or null. Hostnames are checked again, resolved, at every delivery. */
export function webhookUrlRefusal(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "Enter a full URL, like https://example.com/webhooks.";
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && httpAllowed())) {
    return httpAllowed() ? "Use an http:// or https:// URL." : "Use an https:// URL.";
  }
  if (url.username || url.password) return "Leave the user name and password out of the URL: Teamhub signs every request instead.";
  if (url.hash) return "Leave the #fragment out of the URL.";
  if (allowPrivateAddresses()) return null;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost")) return "localhost can't receive webhooks: use a public address.";
  const reason = isIP(host) ? refusedAddressReason(host) : null;
  return reason ? `${host} is ${reason}: use a public address.` : null;
}

export const webhookUrlSchema = z
  .string({ error: "Enter the URL to send events to." })
  .trim()
  .min(1, "Enter the URL to send events to.")
  .max(2000, "Use at most 2,000 characters.")
  .superRefine((value, context) => {
    const refusal = webhookUrlRefusal(value);
    if (refusal) context.addIssue({ code: "custom", message: refusal });
  })
  // The URL as the parser normalised it (what delivery will request).
  .transform((value) => new URL(value).href);
