/**
 * The limits that are not configurable, each defined once: shared by the
 * services that enforce them, the forms and dialogs that mention them, and the
 * API schemas derived from the services'. (The configurable ones are in
 * ./limits.ts.) Plain constants, so client components can import them.
 */

/** How long invitation links last, in days. */
export const INVITATION_DAYS = { min: 1, max: 30, default: 7 } as const;

/** Addresses one "Invite members" request (the dialog on Members, or POST /api/v1/invitations/batch) may carry. */
export const MAX_INVITATIONS_PER_BATCH = 100;

/** How long an API key may be given to live, in days (none: it never expires). */
export const API_KEY_DAYS = { min: 1, max: 365 } as const;

const MINUTE = 60;
const HOUR = 60 * MINUTE;

/**
 * Per-caller request limits (README, Security): at most `limit` in any
 * sliding `windowSeconds` (lib/rate-limit.ts).
 *
 * Failed sign-ins, per account and address: few, and the owner's correct password from that
 * address clears them, so a guesser at one address can't lock the owner out anywhere else. Per
 * address across accounts. Per account across all addresses, many more, against guessing spread
 * over many addresses: once reached, only addresses the account signed in from in the last
 * RECOGNIZED_ADDRESS_DAYS may still try (within their own limits), so such an attack can't lock
 * the owner out at home either.
 */
export const RATE_LIMITS = {
  failedSignInsPerAccountAndAddress: { limit: 5, windowSeconds: 15 * MINUTE },
  failedSignInsPerAddress: { limit: 30, windowSeconds: 15 * MINUTE },
  failedSignInsPerAccount: { limit: 50, windowSeconds: HOUR },
  signUpsPerAddress: { limit: 20, windowSeconds: HOUR },
  signUpEmailsPerAddress: { limit: 5, windowSeconds: HOUR },
  verificationEmailsPerAccount: { limit: 5, windowSeconds: HOUR },
  passwordResetsPerEmail: { limit: 5, windowSeconds: HOUR },
  passwordResetsPerAddress: { limit: 20, windowSeconds: HOUR },
  wrongCurrentPasswords: { limit: 5, windowSeconds: 15 * MINUTE },
  invitationLinkUsesPerAddress: { limit: 60, windowSeconds: MINUTE },
  invitationEmailsPerRecipient: { limit: 5, windowSeconds: HOUR },
  failedApiAuthenticationsPerAddress: { limit: 100, windowSeconds: 15 * MINUTE },
} as const;

/** How long a successful sign-in's address stays recognised (see failedSignInsPerAccount). */
export const RECOGNIZED_ADDRESS_DAYS = 30;

/**
 * Webhooks (lib/services/webhooks, lib/webhooks/http.ts). Automatic attempts of a delivery: the
 * first, then retries firstRetrySeconds × 4ⁿ⁻¹ apart, at most maxRetryDelaySeconds (5 s, 20 s,
 * 80 s, 5 min, 21 min, 85 min, 5.7 h, 10 h, 10 h): the last about 27.5 h after the first.
 */
export const WEBHOOKS = {
  endpointsPerOrganization: 20,
  automaticAttempts: 10,
  firstRetrySeconds: 5,
  maxRetryDelaySeconds: 10 * HOUR,
  /** An endpoint whose deliveries failed for this long without a success is disabled. */
  disableAfterFailingHours: 24,
  /** How long a rotated-out secret keeps signing, so receivers can switch without losing a request. */
  previousSecretHours: 24,
  /** The whole exchange of one attempt: resolving, connecting, sending, the answer's headers and excerpt. */
  deliveryTimeoutSeconds: 10,
  /** How much of an answer's body is read and kept; the rest is never read. */
  responseExcerptBytes: 1024,
} as const;

/** How long events are kept, for the events feed and redelivery, with their webhook deliveries (days). */
export const EVENT_RETENTION_DAYS = 30;
