import "server-only";
import { z } from "zod";
import { prisma, type Prisma, type Tx } from "@/lib/db/client";
import { MAX_ACTIVE_INVITATIONS, MAX_INVITATIONS_PER_HOUR } from "@/lib/config/limits";
import { AppError, conflict, forbidden, isUniqueViolation, notFound } from "@/lib/errors";
import type { InvitationStatus } from "@/lib/generated/prisma/client";
import { createInvitationToken, hashInvitationToken, invitationUrl, openInvitationToken, sealInvitationToken } from "@/lib/tokens/invitation-token";
import { INVITATION_DAYS } from "@/lib/config/fixed-limits";
import { decodeCursor, pageLimit, pageOf } from "@/lib/pagination";
import { invitableRoles, REFUSALS, ROLE_LABELS } from "@/lib/permissions";
import { emailConfigured } from "@/lib/mail/config";
import { emailSchema, idSchema, invitableRoleSchema, parseInput } from "@/lib/validation";
import { recordAudit } from "../audit";
import { authorize, lockForWrite } from "../access";
import { emitEvent } from "../events/emit";
import type { Actor } from "../types";
import { emailColumns, emailedLinkToken, queueInvitationEmail, wantsEmail } from "./email";
import {
  INVITATION_STATE_NAMES,
  invitationState,
  inviterMayStillInvite,
  STATE_SENTENCES,
  viewOf,
  viewSelect,
  type InvitationStateName,
  type InvitationView,
} from "./view";

/** Managing an organization's invitations (Owners and Admins): create, list, Copy Link, cancel, resend. */

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
  role: invitableRoleSchema,
  expiresInDays: expiresInDaysSchema.default(INVITATION_DAYS.default),
  sendEmail: z.boolean({ error: "Send true or false." }).optional(),
});
export const listInvitationsInput = z.object({
  state: z.enum(INVITATION_STATE_NAMES).optional(),
  cursor: z.string().optional(),
  limit: pageLimit,
});
export const getInvitationInput = z.object({ id: idSchema });
export const getInvitationLinkInput = getInvitationInput;
export const cancelInvitationInput = getInvitationInput;
export const resendInvitationInput = z.object({ id: idSchema, expiresInDays: expiresInDaysSchema.default(INVITATION_DAYS.default) });

function stateWhere(state: InvitationStateName, now: Date): Prisma.InvitationWhereInput {
  switch (state) {
    case "active":
      return { status: "PENDING", expiresAt: { gt: now } };
    case "expired":
      return { OR: [{ status: "PENDING", expiresAt: { lte: now } }, { status: "EXPIRED" }] };
    default:
      return { status: state.toUpperCase() as InvitationStatus };
  }
}

const duplicateMessage = (email: string) =>
  `An active invitation for ${email} already exists. Use Resend in Pending Invitations to send a fresh link.`;
const alreadyMemberMessage = (email: string) => `${email} is already a member of this organization.`;

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
 * Invites an email address with a role, returning the link to share, and
 * emails a link too when asked (by default whenever email is on). One
 * active invitation per address: a second one is refused (Resend instead),
 * and concurrent duplicates leave exactly one.
 */
export async function createInvitation(
  actor: Actor,
  input: z.input<typeof createInvitationInput>,
  origin: string,
): Promise<InvitationView & { url: string }> {
  const { email, role, expiresInDays, sendEmail } = parseInput(createInvitationInput, input);
  const organizationId = actor.organizationId;
  const token = createInvitationToken();
  const emailToken = emailedLinkToken(wantsEmail(sendEmail));
  try {
    return await prisma.$transaction(async (tx) => {
      // The organization's lock also makes the duplicate, cap and hourly checks below exact.
      const { role: actorRole } = await lockForWrite(tx, actor, "invitation:create");
      if (!invitableRoles(actorRole).includes(role)) throw forbidden(REFUSALS.inviteAboveRole(ROLE_LABELS[role]));
      const now = new Date();
      if (await isMember(tx, organizationId, email)) {
        throw new AppError("CONFLICT", alreadyMemberMessage(email), { fieldErrors: { email: [alreadyMemberMessage(email)] } });
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
          ...emailColumns(emailToken),
        },
        select: viewSelect,
      });
      if (emailToken) await queueInvitationEmail(tx, row, emailToken);
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
  authorize(actor, "invitation:list");
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
  authorize(actor, "invitation:list");
  return viewOf(await findInOrganization(prisma, actor.organizationId, id), new Date());
}

/** The link of an active invitation, for Copy Link. */
export async function getInvitationLink(
  actor: Actor,
  input: z.input<typeof getInvitationLinkInput>,
  origin: string,
): Promise<{ url: string }> {
  const { id } = parseInput(getInvitationLinkInput, input);
  authorize(actor, "invitation:list");
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
    await lockForWrite(tx, actor, "invitation:cancel");
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
 * An invitation that was emailed is emailed again (while email is on), with
 * a new emailed link too.
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
    await lockForWrite(tx, actor, "invitation:resend");
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
    const emailToken = emailedLinkToken(current.emailStatus !== null && emailConfigured());
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
        ...emailColumns(emailToken),
      },
    });
    if (count === 0) throw conflict("This invitation changed while you were resending it. Reload and try again.");
    if (emailToken) await queueInvitationEmail(tx, current, emailToken);
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
