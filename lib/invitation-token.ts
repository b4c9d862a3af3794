import { createHash, randomBytes } from "node:crypto";
import { seal, unseal } from "./sealing";

/**
 * Invitation link tokens. The database keeps only their sha256 (to find an
 * invitation by its link) and a copy sealed with a key derived from
 * AUTH_SECRET (so Copy Link can show it again): a leaked table alone yields no
 * working link.
 */

const TOKEN_PATTERN = /^inv_[A-Za-z0-9_-]{43}$/;

export function createInvitationToken(): string {
  return `inv_${randomBytes(32).toString("base64url")}`;
}

export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function isWellFormedInvitationToken(s: string): boolean {
  return TOKEN_PATTERN.test(s);
}

export function invitationUrl(origin: string, token: string): string {
  return `${origin}/accept-invitation/${token}`;
}

const PURPOSE = "invitation-link";

export function sealInvitationToken(token: string): string {
  return seal(PURPOSE, token);
}

/** Throws when the sealed value was altered or sealed under another AUTH_SECRET. */
export function openInvitationToken(sealed: string): string {
  return unseal(PURPOSE, sealed);
}
