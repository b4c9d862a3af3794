import { z } from "zod";
import { prisma, type Prisma, type Tx } from "@/lib/db/client";
import { MAX_ACTIVE_INVITATIONS, MAX_INVITATIONS_PER_HOUR } from "@/lib/config/limits";
import { AppError, conflict, forbidden, isUniqueViolation, notFound } from "@/lib/errors";
import type { InvitationCancelReason, InvitationStatus } from "@/lib/generated/prisma/client";
import {
  createInvitationToken,
  hashInvitationToken,
  invitationUrl,
  isWellFormedInvitationToken,
  openInvitationToken,
  sealInvitationToken,
} from "@/lib/invitation-token";
import { INVITATION_DAYS } from "@/lib/invitation-expiry";
import { decodeCursor, pageLimit, pageOf } from "@/lib/pagination";
import { can, invitableRoles, ROLE_LABELS, type Role } from "@/lib/permissions";
import { consume, rateLimited } from "@/lib/rate-limit";
import { emailSchema, idSchema, parseInput } from "@/lib/validation";
import { signUp, signUpInput, type SignedUpUser } from "./accounts";
import { recordAudit } from "./audit";
import { emitEvent, emitInvitationEvents, emitMembershipFromInvitation } from "./events/emit";
import { lockActorRole } from "./members";
import { lockOrganization } from "./organization-lock";
import { notify } from "./notifications";
import type { Actor, RequestContext } from "./types";

export type InvitationState = "ACTIVE" | "EXPIRED" | "ACCEPTED" | "REJECTED" | "CANCELLED";
/** Why a cancelled invitation was cancelled: MANUAL (Cancel) or its inviter lost the authority to invite at its role. */
export type CancelReason = InvitationCancelReason;

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
};

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

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const PENDING_PER_EMAIL_INDEX = "invitations_one_pending_per_email";

const expiresInDaysSchema = z.coerce
  .number({ error: "Enter a number of days." })
  .int("Enter a whole number of days.")
  .min(INVITATION_DAYS.min, `Invitations last at least ${INVITATION_DAYS.min} day.`)
  .max(INVITATION_DAYS.max, `Invitations last at most ${INVITATION_DAYS.max} days.`);

export const createInvitationInput = z.object({
  email: emailSchema,
  role: z.enum(["ADMIN", "MEMBER"], { error: "Choose Admin or Member." }),
  expiresInDays: expiresInDaysSchema.default(INVITATION_DAYS.default),
});
export const listInvitationsInput = z.object({
  state: z.enum(["active", "expired", "accepted", "rejected", "cancelled"]).optional(),
  cursor: z.string().optional(),
  limit: pageLimit,
});
export const getInvitationInput = z.object({ id: idSchema });
export const getInvitationLinkInput = getInvitationInput;
export const cancelInvitationInput = getInvitationInput;
export const resendInvitationInput = z.object({ id: idSchema, expiresInDays: expiresInDaysSchema.default(INVITATION_DAYS.default) });
export const acceptInvitationInput = z.object({ token: z.string() });
export const rejectInvitationInput = acceptInvitationInput;

const STATE_SENTENCES: Record<InvitationState, string> = {
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

type StateFilter = NonNullable<z.infer<typeof listInvitationsInput>["state"]>;

function stateWhere(state: StateFilter, now: Date): Prisma.InvitationWhereInput {
  switch (state) {
    case "active":
      return { status: "PENDING", expiresAt: { gt: now } };
    case "expired":
      return { OR: [{ status: "PENDING", expiresAt: { lte: now } }, { status: "EXPIRED" }] };
    default:
      return { status: state.toUpperCase() as InvitationStatus };
  }
}

/** "j***@acme.com": enough to recognise an address without disclosing it. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return "***";
  return `${email[0]}***@${email.slice(at + 1)}`;
}

const viewSelect = {
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
} satisfies Prisma.InvitationSelect;

type ViewRow = Prisma.InvitationGetPayload<{ select: typeof viewSelect }>;

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
async function inviterMayStillInvite(tx: Tx, organizationId: string, invitation: { invitedById: string | null; role: Role }) {
  if (!invitation.invitedById) return false;
  const inviter = await tx.member.findUnique({
    where: { userId_organizationId: { userId: invitation.invitedById, organizationId } },
    select: { role: true },
  });
  return inviter !== null && invitableRoles(inviter.role).includes(invitation.role);
}

const duplicateMessage = (email: string) =>
  `An active invitation for ${email} already exists. Use Resend in Pending Invitations to send a fresh link.`;
const alreadyMemberMessage = (email: string) => `${email} is already a member of this organization.`;

async function requirePermission(tx: Tx, actor: Actor, action: "invitation:create" | "invitation:cancel" | "invitation:resend") {
  const role = await lockActorRole(tx, actor);
  if (!can(role, action)) throw forbidden("Only Owners and Admins can manage invitations.");
  return role;
}

async function isMember(tx: Tx, organizationId: string, email: string) {
  return (await tx.member.count({ where: { organizationId, user: { email } } })) > 0;
}

async function ensureActiveCapacity(tx: Tx, organizationId: string, now: Date) {
  const active = await tx.invitation.count({ where: { organizationId, status: "PENDING", expiresAt: { gt: now } } });
  if (active >= MAX_ACTIVE_INVITATIONS) {
    throw conflict(`This organization has ${MAX_ACTIVE_INVITATIONS} active invitations, the most allowed. Cancel some first.`);
  }
}

/**
 * At most 50 invitations sent (created or resent) per organization per hour,
 * counted exactly under the organization lock. Sends are counted in the
 * append-only audit log, where every resend of the same invitation is one more row.
 */
async function ensureHourlyLimit(tx: Tx, organizationId: string, now: Date) {
  const since = new Date(now.getTime() - HOUR_MS);
  // The send that must leave the window before another is allowed: the 50th most recent.
  const [limiting] = await tx.$queryRaw<{ createdAt: Date }[]>`
    SELECT created_at AS "createdAt" FROM audit_logs
    WHERE organization_id = ${organizationId}::uuid AND action IN ('invitation.created', 'invitation.resent')
      AND created_at > ${since}::timestamptz
    ORDER BY created_at DESC
    OFFSET ${MAX_INVITATIONS_PER_HOUR - 1} LIMIT 1`;
  if (limiting) {
    const retryAfter = Math.max(1, Math.ceil((limiting.createdAt.getTime() + HOUR_MS - now.getTime()) / 1000));
    throw new AppError(
      "RATE_LIMITED",
      `This organization sent ${MAX_INVITATIONS_PER_HOUR} invitations in the last hour, the most allowed. Try again in ${Math.ceil(retryAfter / 60)} minutes.`,
      { retryAfter },
    );
  }
}

async function findInOrganization(tx: Tx, organizationId: string, id: string) {
  const row = await tx.invitation.findFirst({ where: { id, organizationId }, select: { ...viewSelect, tokenHash: true } });
  if (!row) throw notFound("Invitation not found.");
  return row;
}

/**
 * Invites an email address with a role, returning the link to share. One
 * active invitation per address: a second one is refused (Resend instead),
 * and concurrent duplicates leave exactly one.
 */
export async function createInvitation(
  actor: Actor,
  input: z.input<typeof createInvitationInput>,
  origin: string,
): Promise<InvitationView & { url: string }> {
  const { email, role, expiresInDays } = parseInput(createInvitationInput, input);
  const organizationId = actor.organizationId;
  const token = createInvitationToken();
  try {
    return await prisma.$transaction(async (tx) => {
      // Also makes the duplicate, cap and hourly checks below exact.
      await lockOrganization(tx, organizationId);
      const actorRole = await requirePermission(tx, actor, "invitation:create");
      if (!invitableRoles(actorRole).includes(role)) throw forbidden(`You can't invite someone as ${ROLE_LABELS[role]}.`);
      const now = new Date();
      if (await isMember(tx, organizationId, email)) {
        throw new AppError("VALIDATION", alreadyMemberMessage(email), { fieldErrors: { email: [alreadyMemberMessage(email)] } });
      }
      const pending = await tx.invitation.findFirst({
        where: { organizationId, email, status: "PENDING" },
        select: { id: true, expiresAt: true },
      });
      if (pending && pending.expiresAt > now) throw conflict(duplicateMessage(email));
      if (pending) {
        // Its link has expired but the row is still PENDING: store EXPIRED so
        // the one-pending-per-email index admits the new invitation.
        await tx.invitation.updateMany({
          where: { id: pending.id, status: "PENDING", expiresAt: { lte: now } },
          data: { status: "EXPIRED" },
        });
      }
      await ensureActiveCapacity(tx, organizationId, now);
      await ensureHourlyLimit(tx, organizationId, now);
      const row = await tx.invitation.create({
        data: {
          organizationId,
          email,
          role,
          tokenHash: hashInvitationToken(token),
          tokenCiphertext: sealInvitationToken(token),
          // One clock (the app's) for creation, expiry and the hourly window.
          createdAt: now,
          expiresAt: new Date(now.getTime() + expiresInDays * DAY_MS),
          invitedById: actor.userId,
          invitedByName: actor.name,
          invitedByEmail: actor.email,
        },
        select: viewSelect,
      });
      await recordAudit(tx, actor, {
        organizationId,
        action: "invitation.created",
        target: { type: "invitation", id: row.id, label: email },
        details: { role, expiresAt: row.expiresAt.toISOString() },
      });
      await emitEvent(tx, organizationId, { type: "invitation.created", data: { invitation: row } });
      return { ...viewOf(row, now), url: invitationUrl(origin, token) };
    });
  } catch (error) {
    if (isUniqueViolation(error, PENDING_PER_EMAIL_INDEX)) throw conflict(duplicateMessage(email));
    throw error;
  }
}

/** The organization's invitations, newest first, optionally in one state (keyset pagination on createdAt, id). */
export async function listInvitations(
  actor: Actor,
  input: z.input<typeof listInvitationsInput> = {},
): Promise<{ data: InvitationView[]; nextCursor: string | null }> {
  const { state, cursor, limit } = parseInput(listInvitationsInput, input);
  if (!can(actor.role, "invitation:list")) throw forbidden("Only Owners and Admins can see invitations.");
  const after = cursor ? decodeCursor(z.object({ createdAt: z.iso.datetime(), id: z.uuid() }), cursor) : null;
  const now = new Date();
  const rows = await prisma.invitation.findMany({
    where: {
      organizationId: actor.organizationId,
      AND: [
        state ? stateWhere(state, now) : {},
        after
          ? {
              OR: [
                { createdAt: { lt: new Date(after.createdAt) } },
                { createdAt: new Date(after.createdAt), id: { lt: after.id } },
              ],
            }
          : {},
      ],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: viewSelect,
  });
  const page = pageOf(rows, limit, (row) => ({ createdAt: row.createdAt.toISOString(), id: row.id }));
  return { data: page.data.map((row) => viewOf(row, now)), nextCursor: page.nextCursor };
}

export async function getInvitation(actor: Actor, input: z.input<typeof getInvitationInput>): Promise<InvitationView> {
  const { id } = parseInput(getInvitationInput, input);
  if (!can(actor.role, "invitation:list")) throw forbidden("Only Owners and Admins can see invitations.");
  return viewOf(await findInOrganization(prisma, actor.organizationId, id), new Date());
}

/** The link of an active invitation, for Copy Link. */
export async function getInvitationLink(
  actor: Actor,
  input: z.input<typeof getInvitationLinkInput>,
  origin: string,
): Promise<{ url: string }> {
  const { id } = parseInput(getInvitationLinkInput, input);
  if (!can(actor.role, "invitation:list")) throw forbidden("Only Owners and Admins can see invitations.");
  const row = await prisma.invitation.findFirst({
    where: { id, organizationId: actor.organizationId },
    select: { status: true, expiresAt: true, tokenCiphertext: true },
  });
  if (!row) throw notFound("Invitation not found.");
  if (invitationState(row) !== "ACTIVE") throw conflict("Only active invitations have a working link.");
  return { url: invitationUrl(origin, openInvitationToken(row.tokenCiphertext)) };
}

/** Cancels an active invitation: its link stops working at once. */
export async function cancelInvitation(actor: Actor, input: z.input<typeof cancelInvitationInput>): Promise<InvitationView> {
  const { id } = parseInput(cancelInvitationInput, input);
  return prisma.$transaction(async (tx) => {
    await lockOrganization(tx, actor.organizationId);
    await requirePermission(tx, actor, "invitation:cancel");
    const now = new Date();
    // Guarded: an invitation accepted, cancelled or expired meanwhile is left alone.
    const { count } = await tx.invitation.updateMany({
      where: { id, organizationId: actor.organizationId, status: "PENDING", expiresAt: { gt: now } },
      data: { status: "CANCELLED", cancelReason: "MANUAL" },
    });
    const row = await findInOrganization(tx, actor.organizationId, id);
    if (count === 0) throw conflict(`Only active invitations can be cancelled. ${STATE_SENTENCES[invitationState(row, now)]}`);
    await recordAudit(tx, actor, {
      organizationId: actor.organizationId,
      action: "invitation.cancelled",
      target: { type: "invitation", id, label: row.email },
    });
    await emitEvent(tx, actor.organizationId, { type: "invitation.cancelled", data: { invitation: row } });
    return viewOf(row, now);
  });
}

/**
 * Sends a fresh link for an active or expired invitation: a new token (the
 * old link stops working, as its hash no longer matches) and a new expiry.
 */
export async function resendInvitation(
  actor: Actor,
  input: z.input<typeof resendInvitationInput>,
  origin: string,
): Promise<InvitationView & { url: string }> {
  const { id, expiresInDays } = parseInput(resendInvitationInput, input);
  const organizationId = actor.organizationId;
  const token = createInvitationToken();
  return prisma.$transaction(async (tx) => {
    await lockOrganization(tx, organizationId);
    await requirePermission(tx, actor, "invitation:resend");
    const now = new Date();
    const current = await findInOrganization(tx, organizationId, id);
    const state = invitationState(current, now);
    if (state !== "ACTIVE" && state !== "EXPIRED") {
      throw conflict(`Only active or expired invitations can be resent. ${STATE_SENTENCES[state]}`);
    }
    if (!(await inviterMayStillInvite(tx, organizationId, current))) {
      throw conflict(
        `${current.invitedByName}, who made this invitation, can no longer invite as ${ROLE_LABELS[current.role]}, so it can't be resent. Invite ${current.email} again instead.`,
      );
    }
    if (await isMember(tx, organizationId, current.email)) throw conflict(alreadyMemberMessage(current.email));
    if (current.status === "EXPIRED") {
      const newer = await tx.invitation.count({ where: { organizationId, email: current.email, status: "PENDING" } });
      if (newer) throw conflict(`A newer invitation for ${current.email} is pending. Resend that one instead.`);
    }
    if (state === "EXPIRED") await ensureActiveCapacity(tx, organizationId, now);
    await ensureHourlyLimit(tx, organizationId, now);
    const expiresAt = new Date(now.getTime() + expiresInDays * DAY_MS);
    // Guarded on the token read above: an accept or cancel that got in first wins.
    const { count } = await tx.invitation.updateMany({
      where: { id, status: current.status, tokenHash: current.tokenHash },
      data: {
        status: "PENDING",
        tokenHash: hashInvitationToken(token),
        tokenCiphertext: sealInvitationToken(token),
        expiresAt,
        resentAt: now,
      },
    });
    if (count === 0) throw conflict("This invitation changed while you were resending it. Reload and try again.");
    await recordAudit(tx, actor, {
      organizationId,
      action: "invitation.resent",
      target: { type: "invitation", id, label: current.email },
      details: { expiresAt: expiresAt.toISOString() },
    });
    const row = await findInOrganization(tx, organizationId, id);
    await emitEvent(tx, organizationId, { type: "invitation.resent", data: { invitation: row } });
    return { ...viewOf(row, now), url: invitationUrl(origin, token) };
  });
}

/** Every use of an invitation link (viewing, accepting, rejecting) is limited per address, against token guessing. */
async function limitLinkUse(context: RequestContext) {
  if (!context.ip) return;
  const state = await consume({ key: `invitation-lookup:ip:${context.ip}`, limit: 60, windowSeconds: 60 });
  if (!state.allowed) throw rateLimited(state, "Too many invitation links opened from this address. Wait a minute and try again.");
}

/** What the accept page shows for a link, before anyone signs in. */
export async function lookupInvitation(token: string, context: RequestContext): Promise<InvitationLookup> {
  if (!isWellFormedInvitationToken(token)) return { kind: "not_found" };
  await limitLinkUse(context);
  const row = await prisma.invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
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
};

const INVALID_LINK = "This invitation link is not valid. Check that you copied all of it.";
const INVITER_LOST_AUTHORITY =
  "The person who invited you can no longer invite you to this organization. Ask one of its Owners or Admins for a new invitation.";

/**
 * Locks the invitation a link points to and checks the user may answer it.
 * The organization is locked first, as in every write (organization-lock.ts),
 * then the invitation, whose row lock makes concurrent answers queue: the
 * first changes the state, the others then find it no longer active. The
 * inviter must still be allowed to invite at the invitation's role: removing
 * or demoting them, which takes the organization lock too, either waits for
 * the answer or is seen by it.
 */
async function lockForResponse(tx: Tx, user: InvitationUser, token: string): Promise<LockedInvitation> {
  if (!isWellFormedInvitationToken(token)) throw notFound(INVALID_LINK);
  const tokenHash = hashInvitationToken(token);
  const found = await tx.invitation.findUnique({ where: { tokenHash }, select: { organizationId: true } });
  if (!found) throw notFound(INVALID_LINK);
  // Deleted meanwhile, the organization took the invitation with it.
  const organization = await lockOrganization(tx, found.organizationId).catch((error: unknown) => {
    throw error instanceof AppError && error.code === "NOT_FOUND" ? notFound(INVALID_LINK) : error;
  });
  // Matched on the token again: a resend in between gave the invitation a new one.
  const [row] = await tx.$queryRaw<Omit<LockedInvitation, "organizationName">[]>`
    SELECT id, organization_id AS "organizationId", email, role::text AS role, status::text AS status,
           expires_at AS "expiresAt", invited_by_id AS "invitedById", cancel_reason::text AS "cancelReason"
    FROM invitations
    WHERE token_hash = ${tokenHash} AND organization_id = ${organization.id}::uuid
    FOR UPDATE`;
  if (!row) throw notFound(INVALID_LINK);
  if (user.email.trim().toLowerCase() !== row.email) throw forbidden("This invitation is for another email address.");
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
      organizationName: invitation.organizationName,
      email: invitation.email,
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
 * and the invited one. The organization becomes the user's active one.
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
  await recordAnswer(tx, user, invitation, "ACCEPTED", { role });
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
  const user = await signUp(input, context, async (tx, created) => {
    joined = await acceptInvitationInTransaction(tx, { userId: created.id, name: created.name, email: created.email, ip: context.ip }, token);
  });
  return { ...user, ...joined! };
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
