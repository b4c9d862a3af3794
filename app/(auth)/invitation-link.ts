import { headers } from "next/headers";
import { clientIp } from "@/lib/http/client-ip";
import { lookupInvitation } from "@/lib/services/invitations/respond";

/**
 * The invitation a sign-in or sign-up link carries (its token), if any:
 * usable only while active. Looking it up counts as opening the link (the
 * same rate limit as the invitation page).
 */
export async function invitationOfLink(token: unknown) {
  if (typeof token !== "string") return null;
  const lookup = await lookupInvitation(token, { ip: clientIp(await headers()) }).catch(() => ({ kind: "not_found" as const }));
  if (lookup.kind === "not_found" || lookup.invitation.state !== "ACTIVE") return { usable: false as const };
  return { usable: true as const, token, ...lookup.invitation };
}
