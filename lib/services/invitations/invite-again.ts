import "server-only";
import { z } from "zod";
import { prisma } from "@/lib/db/client";
import { conflict, notFound } from "@/lib/errors";
import type { INVITABLE_ROLES } from "@/lib/permissions";
import { idSchema, parseInput } from "@/lib/validation";
import { authorize } from "../access";
import type { Actor } from "../types";
import { createInvitation } from "./manage";
import { invitationState, STATE_SENTENCES, type InvitationState, type InvitationView } from "./view";

type InvitableRole = (typeof INVITABLE_ROLES)[number];

export const inviteAgainInput = z.object({ id: idSchema });

/** The states whose rows offer Invite again: the invitation can't be used any more. */
const INVITE_AGAIN_STATES: readonly InvitationState[] = ["REJECTED", "CANCELLED", "EXPIRED"];

/**
 * Invite again: a fresh invitation for the address and role of one that was
 * rejected, cancelled or expired, made by the actor through createInvitation
 * (so every rule and limit of inviting applies: someone already a member, an
 * active invitation for the address, the caps, the actor's role). The old row
 * stays as it was, for the record. Emailed as a new invitation would be.
 */
export async function inviteAgain(actor: Actor, input: z.input<typeof inviteAgainInput>, origin: string): Promise<InvitationView & { url: string }> {
  const { id } = parseInput(inviteAgainInput, input);
  authorize(actor, "invitation:create");
  const previous = await prisma.invitation.findFirst({
    where: { id, organizationId: actor.organizationId },
    select: { email: true, role: true, status: true, expiresAt: true },
  });
  if (!previous) throw notFound("Invitation not found.");
  const state = invitationState(previous);
  if (!INVITE_AGAIN_STATES.includes(state)) {
    throw conflict(`Only rejected, cancelled or expired invitations can be sent again as a new one. ${STATE_SENTENCES[state]}`);
  }
  // Invitations never carry Owner (a CHECK constraint), so the role is one createInvitation takes.
  return createInvitation(actor, { email: previous.email, role: previous.role as InvitableRole }, origin);
}
