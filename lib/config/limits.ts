/**
 * Every configurable limit, defined once with its default. Each is read from the environment
 * variable of the same name when the server starts (README, Configuration): operators can tighten
 * or loosen them, and `npm run bench:http` raises them so its load isn't refused.
 */

import "server-only";

function positiveWholeNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1, not "${raw}".`);
  return value;
}

/** Active (pending, unexpired) invitations an organization may have at once. */
export const MAX_ACTIVE_INVITATIONS = positiveWholeNumber("MAX_ACTIVE_INVITATIONS", 100);
/** Invitations an organization may send (create or resend) in any hour. */
export const MAX_INVITATIONS_PER_HOUR = positiveWholeNumber("MAX_INVITATIONS_PER_HOUR", 50);
/** /api/v1 requests a minute per caller: an API key, or a signed-in user. */
export const API_REQUESTS_PER_MINUTE_PER_CALLER = positiveWholeNumber("API_REQUESTS_PER_MINUTE_PER_CALLER", 600);
/** /api/v1 requests a minute per organization, all callers together. */
export const API_REQUESTS_PER_MINUTE_PER_ORGANIZATION = positiveWholeNumber("API_REQUESTS_PER_MINUTE_PER_ORGANIZATION", 3000);
