import "server-only";
import type { Prisma, Tx } from "@/lib/db/client";
import type { InvitationCancelReason, InvitationEmailStatus, InvitationStatus } from "@/lib/generated/prisma/client";
import { invitableRoles, type Role } from "@/lib/permissions";

/** What both sides of an invitation see of it: its state, its view, and whether its inviter's authority still holds. */

/** An invitation's state: its stored status, with a PENDING one past its expiry EXPIRED (invitationState). */
export const INVITATION_STATES = ["ACTIVE", "EXPIRED", "ACCEPTED", "REJECTED", "CANCELLED"] as const;
export type InvitationState = (typeof INVITATION_STATES)[number];
/** The states as filters and the API spell them: "active", "expired", … */
export const INVITATION_STATE_NAMES = INVITATION_STATES.map((state) => state.toLowerCase() as Lowercase<InvitationState>);
export type InvitationStateName = Lowercase<InvitationState>;
/** Why a cancelled invitation was cancelled: MANUAL (Cancel) or its inviter lost the authority to invite at its role. */
export type CancelReason = InvitationCancelReason;
/** Where the email of the current link stands: QUEUED, SENT or FAILED (email.ts); null when it wasn't emailed. */
export type EmailStatus = InvitationEmailStatus;

export type InvitationView = {
  id: string;
  email: string;
  role: Role;
  state: InvitationState;
  expiresAt: Date;
  createdAt: Date;
  /** As the inviter was when they invited; id is null once their account is deleted. */
  invitedBy: { id: string | null; name: string; email: string };
  respondedAt: Date | null;
  /** Set exactly when the state is CANCELLED. */
  cancelReason: CancelReason | null;
  emailStatus: EmailStatus | null;
  /** When the email of the current link was sent (emailStatus SENT). */
  emailSentAt: Date | null;
};

export const STATE_SENTENCES: Record<InvitationState, string> = {
  ACTIVE: "This invitation is active.",
  EXPIRED: "This invitation has expired.",
  ACCEPTED: "This invitation has already been accepted.",
  REJECTED: "This invitation was rejected.",
  CANCELLED: "This invitation was cancelled.",
};

/** Stored status plus expiry: a PENDING invitation past its expiry is EXPIRED. */
export function invitationState(row: { status: InvitationStatus; expiresAt: Date }, now = new Date()): InvitationState {
  if (row.status === "PENDING") return row.expiresAt > now ? "ACTIVE" : "EXPIRED";
  return row.status;
}

export const viewSelect = {
  id: true,
  email: true,
  role: true,
  status: true,
  expiresAt: true,
  createdAt: true,
  invitedById: true,
  invitedByName: true,
  invitedByEmail: true,
  respondedAt: true,
  cancelReason: true,
  emailStatus: true,
  emailSentAt: true,
} satisfies Prisma.InvitationSelect;

export type ViewRow = Prisma.InvitationGetPayload<{ select: typeof viewSelect }>;

export function viewOf(row: ViewRow, now: Date): InvitationView {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    state: invitationState(row, now),
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
    invitedBy: { id: row.invitedById, name: row.invitedByName, email: row.invitedByEmail },
    respondedAt: row.respondedAt,
    cancelReason: row.cancelReason,
    emailStatus: row.emailStatus,
    emailSentAt: row.emailSentAt,
  };
}

/**
 * Whether the invitation's inviter may still invite at its role: a member of
 * the organization whose role may (invitableRoles). Invitations are cancelled
 * when their inviter loses that (lib/services/members.ts); this re-check, made
 * under the organization lock that every membership change also takes, covers
 * rows older than that rule, and an inviter whose account is gone (no id: no
 * authority left).
 */
export async function inviterMayStillInvite(tx: Tx, organizationId: string, invitation: { invitedById: string | null; role: Role }) {
  if (!invitation.invitedById) return false;
  const inviter = await tx.member.findUnique({
    where: { userId_organizationId: { userId: invitation.invitedById, organizationId } },
    select: { role: true },
  });
  return inviter !== null && invitableRoles(inviter.role).includes(invitation.role);
}
