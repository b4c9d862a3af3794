import "server-only";
import { z } from "zod";
import { RATE_LIMITS } from "@/lib/config/fixed-limits";
import { prisma, type Prisma, type Tx } from "@/lib/db/client";
import type { InvitationStatus } from "@/lib/generated/prisma/client";
import { AppError, conflict, forbidden, notFound } from "@/lib/errors";
import { hashInvitationToken, isWellFormedInvitationToken } from "@/lib/tokens/invitation-token";
import { REFUSALS, type Role } from "@/lib/permissions";
import { consume, rateLimited } from "@/lib/rate-limit";
import { parseInput } from "@/lib/validation";
import { limitSignUps, signUp, signUpInput, type SignedUpUser } from "../accounts";
import { recordAudit } from "../audit";
import { lockOrganization } from "../access";
import { emitInvitationEvents, emitMembershipFromInvitation } from "../events/emit";
import { notify } from "../notifications";
import type { RequestContext } from "../types";
import { invitationState, inviterMayStillInvite, STATE_SENTENCES, type CancelReason, type InvitationState } from "./view";

/** Answering an invitation (the invited person): look it up, accept, reject, or sign up with it. */

export type InvitationLookup =
  | { kind: "not_found" }
  | {
      kind: "found";
      invitation: {
        id: string;
        organizationId: string;
        organizationName: string;
        email: string;
        role: Role;
        state: InvitationState;
        expiresAt: Date;
        invitedByName: string;
        cancelReason: CancelReason | null;
      };
    };

/** The signed-in user answering an invitation (not yet a member, so not an Actor). */
export type InvitationUser = { userId: string; name: string; email: string; ip: string | null };

export const acceptInvitationInput = z.object({ token: z.string() });
export const rejectInvitationInput = acceptInvitationInput;

/** "j***@acme.com": enough to recognise an address without disclosing it. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return "***";
  return `${email[0]}***@${email.slice(at + 1)}`;
}

/** Every use of an invitation link (viewing, accepting, rejecting) is limited per address, against token guessing. */
async function limitLinkUse(context: RequestContext) {
  if (!context.ip) return;
  const state = await consume({ key: `invitation-lookup:ip:${context.ip}`, ...RATE_LIMITS.invitationLinkUsesPerAddress });
  if (!state.allowed) throw rateLimited(state, "Too many invitation links opened from this address. Wait a minute and try again.");
}

/** The invitation a link's token opens: the shared link's, or the emailed link's (email.ts). */
function byLinkToken(tokenHash: string): Prisma.InvitationWhereInput {
  return { OR: [{ tokenHash }, { emailTokenHash: tokenHash }] };
}

/** What the accept page shows for a link, before anyone signs in. */
export async function lookupInvitation(token: string, context: RequestContext): Promise<InvitationLookup> {
  if (!isWellFormedInvitationToken(token)) return { kind: "not_found" };
  await limitLinkUse(context);
  const row = await prisma.invitation.findFirst({
    where: byLinkToken(hashInvitationToken(token)),
    select: {
      id: true,
      organizationId: true,
      email: true,
      role: true,
      status: true,
      expiresAt: true,
      invitedByName: true,
      cancelReason: true,
      organization: { select: { name: true } },
    },
  });
  if (!row) return { kind: "not_found" };
  return {
    kind: "found",
    invitation: {
      id: row.id,
      organizationId: row.organizationId,
      organizationName: row.organization.name,
      email: row.email,
      role: row.role,
      state: invitationState(row),
      expiresAt: row.expiresAt,
      invitedByName: row.invitedByName,
      cancelReason: row.cancelReason,
    },
  };
}

type LockedInvitation = {
  id: string;
  organizationId: string;
  organizationName: string;
  email: string;
  role: Role;
  status: InvitationStatus;
  expiresAt: Date;
  invitedById: string | null;
  cancelReason: CancelReason | null;
  /** Opened with the emailed link, which only the invited address received. */
  viaEmail: boolean;
};

const INVALID_LINK = "This invitation link is not valid. Check that you copied all of it.";
const INVITER_LOST_AUTHORITY =
  "The person who invited you can no longer invite you to this organization. Ask one of its Owners or Admins for a new invitation.";

/**
 * Locks the invitation a link points to and checks the user may answer it.
 * The organization is locked first, as in every write (access.ts),
 * then the invitation, whose row lock makes concurrent answers queue: the
 * first changes the state, the others then find it no longer active. The
 * inviter must still be allowed to invite at the invitation's role: removing
 * or demoting them, which takes the organization lock too, either waits for
 * the answer or is seen by it.
 */
async function lockForResponse(tx: Tx, user: InvitationUser, token: string): Promise<LockedInvitation> {
  if (!isWellFormedInvitationToken(token)) throw notFound(INVALID_LINK);
  const tokenHash = hashInvitationToken(token);
  const found = await tx.invitation.findFirst({ where: byLinkToken(tokenHash), select: { organizationId: true } });
  if (!found) throw notFound(INVALID_LINK);
  // Deleted meanwhile, the organization took the invitation with it.
  const organization = await lockOrganization(tx, found.organizationId).catch((error: unknown) => {
    throw error instanceof AppError && error.code === "NOT_FOUND" ? notFound(INVALID_LINK) : error;
  });
  // Matched on the token again: a resend in between gave the invitation new ones.
  const [row] = await tx.$queryRaw<Omit<LockedInvitation, "organizationName">[]>`
    SELECT id, organization_id AS "organizationId", email, role::text AS role, status::text AS status,
           expires_at AS "expiresAt", invited_by_id AS "invitedById", cancel_reason::text AS "cancelReason",
           email_token_hash IS NOT DISTINCT FROM ${tokenHash} AS "viaEmail"
    FROM invitations
    WHERE (token_hash = ${tokenHash} OR email_token_hash = ${tokenHash}) AND organization_id = ${organization.id}::uuid
    FOR UPDATE`;
  if (!row) throw notFound(INVALID_LINK);
  if (user.email.trim().toLowerCase() !== row.email) throw forbidden(REFUSALS.invitationForOtherEmail);
  const state = invitationState(row);
  if (state === "EXPIRED") throw conflict("This invitation has expired. Ask the person who invited you for a fresh link.");
  if (state === "CANCELLED" && row.cancelReason !== "MANUAL") throw conflict(`${STATE_SENTENCES.CANCELLED} ${INVITER_LOST_AUTHORITY}`);
  if (state !== "ACTIVE") throw conflict(STATE_SENTENCES[state]);
  if (!(await inviterMayStillInvite(tx, organization.id, row))) throw conflict(`This invitation is no longer valid. ${INVITER_LOST_AUTHORITY}`);
  return { ...row, organizationName: organization.name };
}

const ANSWERS = {
  ACCEPTED: { notification: "INVITATION_ACCEPTED", action: "invitation.accepted" },
  REJECTED: { notification: "INVITATION_REJECTED", action: "invitation.rejected" },
} as const;

/** Records the invited person's answer: the new state, a notification to the inviter, the audit entry. */
async function recordAnswer(
  tx: Tx,
  user: InvitationUser,
  invitation: LockedInvitation,
  answer: keyof typeof ANSWERS,
  details?: Prisma.InputJsonObject,
) {
  await tx.invitation.update({ where: { id: invitation.id }, data: { status: answer, respondedAt: new Date() } });
  if (invitation.invitedById) {
    await notify(tx, invitation.invitedById, ANSWERS[answer].notification, {
      organizationId: invitation.organizationId,
      organizationName: invitation.organizationName,
      email: invitation.email,
      name: user.name,
    });
  }
  await recordAudit(tx, user, {
    organizationId: invitation.organizationId,
    action: ANSWERS[answer].action,
    target: { type: "invitation", id: invitation.id, label: invitation.email },
    ...(details ? { details } : {}),
  });
  await emitInvitationEvents(tx, invitation.organizationId, ANSWERS[answer].action, [invitation.id]);
}

/**
 * Accepts in the caller's transaction (sign-up uses it, so a new account joins
 * in the same transaction). An existing member keeps the higher of their role
 * and the invited one. The organization becomes the user's active one. The
 * emailed link reached the invited address, so accepting through it verifies
 * that address.
 */
async function acceptInvitationInTransaction(
  tx: Tx,
  user: InvitationUser,
  token: string,
): Promise<{ organizationId: string; role: Role }> {
  const invitation = await lockForResponse(tx, user, token);
  // The Role enum is ordered OWNER < ADMIN < MEMBER, so LEAST keeps the higher role.
  const [membership] = await tx.$queryRaw<{ role: Role; previousRole: Role | null }[]>`
    WITH previous AS (SELECT role FROM members WHERE user_id = ${user.userId}::uuid AND organization_id = ${invitation.organizationId}::uuid)
    INSERT INTO members (user_id, organization_id, role)
    VALUES (${user.userId}::uuid, ${invitation.organizationId}::uuid, ${invitation.role}::"Role")
    ON CONFLICT (user_id, organization_id) DO UPDATE SET role = LEAST(members.role, EXCLUDED.role)
    RETURNING role::text AS role, (SELECT role::text FROM previous) AS "previousRole"`;
  const role = membership!.role;
  await tx.user.update({ where: { id: user.userId }, data: { activeOrganizationId: invitation.organizationId } });
  const verified = invitation.viaEmail
    ? await tx.user.updateMany({ where: { id: user.userId, email: invitation.email, emailVerifiedAt: null }, data: { emailVerifiedAt: new Date() } })
    : { count: 0 };
  await recordAnswer(tx, user, invitation, "ACCEPTED", { role, ...(verified.count ? { emailVerified: true } : {}) });
  await emitMembershipFromInvitation(tx, invitation.organizationId, user.userId, membership!.previousRole);
  return { organizationId: invitation.organizationId, role };
}

export async function acceptInvitation(
  user: InvitationUser,
  input: z.input<typeof acceptInvitationInput>,
): Promise<{ organizationId: string; role: Role }> {
  const { token } = parseInput(acceptInvitationInput, input);
  await limitLinkUse(user);
  return prisma.$transaction((tx) => acceptInvitationInTransaction(tx, user, token));
}

/**
 * Creates an account from an invitation link: the account and its personal
 * organization are made and the invitation accepted in one transaction, so an
 * email that isn't the invited one, or an invitation no longer active,
 * creates nothing at all. The new user lands in the inviting organization.
 */
export async function signUpWithInvitation(
  input: z.input<typeof signUpInput>,
  token: string,
  context: RequestContext,
): Promise<SignedUpUser & { organizationId: string; role: Role }> {
  await limitLinkUse(context);
  let joined: { organizationId: string; role: Role } | undefined;
  const user = await signUp(
    input,
    context,
    async (tx, created) => {
      joined = await acceptInvitationInTransaction(tx, { userId: created.id, name: created.name, email: created.email, ip: context.ip }, token);
    },
    (context, email) => limitInvitationSignUp(context, email, token),
  );
  return { ...user, ...joined! };
}

/**
 * A sign-up that will create an account through an active invitation (its
 * link opens it, the email is the invited one and has no account yet) doesn't
 * count against the per-address sign-up limit: an office behind one address
 * onboards everyone it invited. It is limited by the invitation instead,
 * which is accepted at most once (under its row lock, in the transaction that
 * creates the account), so each invitation makes at most one account. Every
 * other attempt (a dead or unknown link, another email, a taken address)
 * counts per address, so the link can't be used to get around the limit.
 */
async function limitInvitationSignUp(context: RequestContext, email: string, token: string) {
  const usable =
    isWellFormedInvitationToken(token) &&
    (await prisma.invitation.count({
      where: { ...byLinkToken(hashInvitationToken(token)), email, status: "PENDING", expiresAt: { gt: new Date() } },
    })) > 0 &&
    (await prisma.user.count({ where: { email } })) === 0;
  if (!usable) await limitSignUps(context);
}

/** Declines an invitation; the inviter is notified. */
export async function rejectInvitation(
  user: InvitationUser,
  input: z.input<typeof rejectInvitationInput>,
): Promise<{ organizationId: string; organizationName: string }> {
  const { token } = parseInput(rejectInvitationInput, input);
  await limitLinkUse(user);
  return prisma.$transaction(async (tx) => {
    const invitation = await lockForResponse(tx, user, token);
    await recordAnswer(tx, user, invitation, "REJECTED");
    return { organizationId: invitation.organizationId, organizationName: invitation.organizationName };
  });
}
