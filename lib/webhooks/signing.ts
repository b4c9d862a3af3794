import "server-only";
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { seal, unseal } from "@/lib/tokens/sealing";

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): secrets are
 * "whsec_" and base64 of 32 random bytes; each request carries webhook-id,
 * webhook-timestamp and webhook-signature, signed with the maintained
 * `standardwebhooks` library, so receivers verify with the same one.
 */

const PURPOSE = "webhook-secret";

export function createWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** Secrets are stored sealed (AES-256-GCM under a key derived from AUTH_SECRET): a leaked database signs nothing. */
export function sealWebhookSecret(secret: string): string {
  return seal(PURPOSE, secret);
}

export function openWebhookSecret(sealed: string): string {
  return unseal(PURPOSE, sealed);
}

/**
 * The three headers of a request. With several secrets (the days after a
 * rotation) the signature header holds one signature per secret, separated by
 * spaces; a receiver with either secret verifies.
 */
export function signatureHeaders(messageId: string, timestamp: Date, body: string, secrets: string[]): Record<string, string> {
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "webhook-signature": secrets.map((secret) => new Webhook(secret).sign(messageId, timestamp, body)).join(" "),
  };
}
