import "server-only";
import { seal, unseal } from "./sealing";
import { secretTokens } from "./secret-token";

/**
 * Invitation link tokens. The database keeps only their sha256 (to find an
 * invitation by its link) and a copy sealed with a key derived from
 * AUTH_SECRET (so Copy Link can show it again): a leaked table alone yields no
 * working link.
 */

export const {
  create: createInvitationToken,
  hash: hashInvitationToken,
  isWellFormed: isWellFormedInvitationToken,
} = secretTokens("inv");

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
