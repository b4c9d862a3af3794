import type { InvitationLookup } from "@/lib/services/invitations/respond";

type Found = Extract<InvitationLookup, { kind: "found" }>["invitation"];

/**
 * Which page an invitation link shows, from what the link is and who opens
 * it. Details (state, inviter, role) are shown only to the invited person;
 * anyone else learns no more than the case requires.
 */
export type InvitationPageCase =
  | { kind: "not-found"; signedIn: boolean }
  | { kind: "signed-out"; organizationName: string }
  | { kind: "signed-out-closed" }
  | { kind: "other-email"; maskedEmail: string | null; signedInAs: string }
  | { kind: "review"; invitation: Found }
  | { kind: "closed"; invitation: Found };

export function invitationPageCase(lookup: InvitationLookup, viewerEmail: string | null, mask: (email: string) => string): InvitationPageCase {
  if (lookup.kind === "not_found") return { kind: "not-found", signedIn: viewerEmail !== null };
  const { invitation } = lookup;
  const active = invitation.state === "ACTIVE";
  if (viewerEmail === null) return active ? { kind: "signed-out", organizationName: invitation.organizationName } : { kind: "signed-out-closed" };
  if (viewerEmail !== invitation.email) {
    return { kind: "other-email", maskedEmail: active ? mask(invitation.email) : null, signedInAs: viewerEmail };
  }
  return active ? { kind: "review", invitation } : { kind: "closed", invitation };
}
