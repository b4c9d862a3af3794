import "server-only";
import { z } from "zod";
import { MAX_INVITATIONS_PER_BATCH } from "@/lib/config/fixed-limits";
import { prisma } from "@/lib/db/client";
import { AppError, type ErrorCode } from "@/lib/errors";
import { uniqueAddresses } from "@/lib/address-list";
import { emailSchema, parseInput, validate } from "@/lib/validation";
import { authorize } from "../access";
import type { Actor } from "../types";
import { wantsEmail } from "./email";
import { createInvitation, createInvitationInput } from "./manage";
import { viewOf, viewSelect, type InvitationView } from "./view";

/**
 * Inviting many addresses at once (Invite members on Account → Members, and
 * POST /api/v1/invitations/batch): one role, expiry and Send by email for all,
 * each address invited by createInvitation in its own transaction, so every
 * rule and limit applies to each as if it were invited alone, and one refused
 * address doesn't undo the others. The answer says what happened to each.
 */

export const inviteManyInput = createInvitationInput.omit({ email: true }).extend({
  emails: z
    .array(z.string({ error: "Send each address as a string." }), { error: "Enter the email addresses to invite." })
    .min(1, "Enter at least one email address.")
    .max(MAX_INVITATIONS_PER_BATCH, `Invite at most ${MAX_INVITATIONS_PER_BATCH} addresses at a time.`),
});

export const INVITE_OUTCOMES = ["invited", "already_member", "already_invited", "invalid", "refused"] as const;

/** Why an address wasn't invited: the code and message the service refused it with. */
export type InviteProblem = { code: ErrorCode; message: string; retryAfter?: number };

export type InviteOutcome =
  | { email: string; status: "invited"; invitation: InvitationView & { url: string } }
  /** Its active invitation, for Resend. */
  | { email: string; status: "already_invited"; invitation: InvitationView; problem: InviteProblem }
  | { email: string; status: "already_member" | "invalid" | "refused"; problem: InviteProblem };

/** Refusals that concern one address; any other (the inviter lost the right to invite, the database is busy) concerns the whole batch. */
const ADDRESS_CODES = new Set<ErrorCode>(["VALIDATION", "CONFLICT", "RATE_LIMITED"]);

const problemOf = (error: AppError): InviteProblem => ({
  code: error.code,
  message: error.message,
  ...(error.retryAfter === undefined ? {} : { retryAfter: error.retryAfter }),
});

/** What a refusal of createInvitation means for the address it was given (a valid one, with valid role and expiry). */
async function refusedOutcome(actor: Actor, email: string, error: AppError): Promise<InviteOutcome> {
  const problem = problemOf(error);
  // The only conflict about the address field itself: it is already a member's.
  if (error.code === "CONFLICT" && error.fieldErrors?.email) return { email, status: "already_member", problem };
  if (error.code === "CONFLICT") {
    // A conflict is either the address's active invitation or the organization's cap of active ones.
    const active = await prisma.invitation.findFirst({
      where: { organizationId: actor.organizationId, email, status: "PENDING", expiresAt: { gt: new Date() } },
      select: viewSelect,
    });
    if (active) return { email, status: "already_invited", invitation: viewOf(active, new Date()), problem };
  }
  return { email, status: "refused", problem };
}

/**
 * Invites each address of the list once (repeats, in any letter case, count
 * once), in the list's order. Refuses the whole batch, creating nothing, when
 * the caller may not invite or asks for email the server can't send; a refusal
 * of the whole batch arising midway answers the addresses already done and
 * gives the rest that refusal.
 */
export async function inviteMany(actor: Actor, input: z.input<typeof inviteManyInput>, origin: string): Promise<InviteOutcome[]> {
  const { emails, role, expiresInDays, sendEmail } = parseInput(inviteManyInput, input);
  authorize(actor, "invitation:create");
  const emailed = wantsEmail(sendEmail);
  const outcomes: InviteOutcome[] = [];
  let stoppedBy: AppError | undefined;
  for (const given of uniqueAddresses(emails)) {
    const address = validate(emailSchema, given);
    if (!address.success) {
      outcomes.push({ email: given, status: "invalid", problem: { code: "VALIDATION", message: Object.values(address.fieldErrors).flat()[0]! } });
      continue;
    }
    const email = address.data;
    if (stoppedBy) {
      outcomes.push({ email, status: "refused", problem: problemOf(stoppedBy) });
      continue;
    }
    try {
      outcomes.push({ email, status: "invited", invitation: await createInvitation(actor, { email, role, expiresInDays, sendEmail: emailed }, origin) });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (ADDRESS_CODES.has(error.code)) {
        outcomes.push(await refusedOutcome(actor, email, error));
        continue;
      }
      if (!outcomes.some((outcome) => outcome.status === "invited")) throw error;
      stoppedBy = error;
      outcomes.push({ email, status: "refused", problem: problemOf(error) });
    }
  }
  return outcomes;
}
