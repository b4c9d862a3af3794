import "server-only";
import { z } from "zod";
import { randomUUID } from "node:crypto";
import { pipelinedTransaction, prisma, type Tx } from "@/lib/db/client";
import { MAX_ACTIVE_INVITATIONS, MAX_INVITATIONS_PER_HOUR } from "@/lib/config/limits";
import { AppError, conflict, forbidden, isUniqueViolation, notFound } from "@/lib/errors";
import { Prisma, type InvitationStatus } from "@/lib/generated/prisma/client";
import { createInvitationToken, hashInvitationToken, invitationUrl, openInvitationToken, sealInvitationToken } from "@/lib/tokens/invitation-token";
import { INVITATION_DAYS } from "@/lib/config/fixed-limits";
import { decodeCursor, pageLimit, pageOf } from "@/lib/pagination";
import { invitableRoles, REFUSALS, ROLE_LABELS } from "@/lib/permissions";
import { emailConfigured } from "@/lib/mail/config";
import { emailSchema, idSchema, invitableRoleSchema, parseInput } from "@/lib/validation";
import { countingHits } from "@/lib/rate-limit";
import { auditInsert, recordAudit } from "../audit";
import { authorize, lockForWrite, pipelinedWriteAccess, rolePairs, type WriteRefusal } from "../access";
import { emitEvent, eventsInsert } from "../events/emit";
import type { Actor } from "../types";
import { emailColumns, emailedLinkToken, invitationEmailJob, invitationEmailLimit, invitationEmailRefused, queueInvitationEmail, wantsEmail } from "./email";
import {
  INVITATION_STATE_NAMES,
  invitationState,
  inviterMayStillInvite,
  STATE_SENTENCES,
  viewOf,
  viewSelect,
  type InvitationStateName,
  type InvitationView,
  type ViewRow,
} from "./view";

/** Managing an organization's invitations (Owners and Admins): create, list, Copy Link, cancel, resend. */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
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

/** Whether someone with this address is a member, as an SQL boolean. */
function memberWithEmail(organizationId: string, email: string) {
  return Prisma.sql`EXISTS (SELECT 1 FROM members m JOIN users u ON u.id = m.user_id
    WHERE m.organization_id = ${organizationId}::uuid AND u.email = ${email})`;
}

async function isMember(tx: Tx, organizationId: string, email: string) {
  const [row] = await tx.$queryRaw<{ member: boolean }[]>`SELECT ${memberWithEmail(organizationId, email)} AS member`;
  return row!.member;
}

/**
 * Whether the organization has MAX_ACTIVE_INVITATIONS active invitations, as an SQL boolean. Its
 * count of pending invitations (kept by triggers; never fewer than the active ones) settles it at
 * once while under the limit; only at it are the active ones counted (CASE runs one branch).
 */
function activeLimitReached(organizationId: string, now: Date) {
  return Prisma.sql`(CASE WHEN (SELECT pending_invitations FROM organizations WHERE id = ${organizationId}::uuid) < ${MAX_ACTIVE_INVITATIONS} THEN false
    ELSE (SELECT count(*) FROM invitations
          WHERE organization_id = ${organizationId}::uuid AND status = 'PENDING' AND expires_at > ${now}::timestamptz) >= ${MAX_ACTIVE_INVITATIONS} END)`;
}

const tooManyActive = () => conflict(`This organization has ${MAX_ACTIVE_INVITATIONS} active invitations, the most allowed. Cancel some first.`);

async function ensureActiveCapacity(tx: Tx, organizationId: string, now: Date) {
  const [row] = await tx.$queryRaw<{ reached: boolean }[]>`SELECT ${activeLimitReached(organizationId, now)} AS reached`;
  if (row!.reached) throw tooManyActive();
}

/**
 * At most MAX_INVITATIONS_PER_HOUR invitations sent (created or resent) per organization per hour,
 * counted exactly under the organization lock. Sends are counted in the append-only audit log,
 * where every resend of the same invitation is one more row. As SQL: when the send that must
 * leave the window before another is allowed (the limit's most recent) was made, null when another
 * is allowed. The per-minute send counts (invitation_sends, kept by a trigger on the audit log)
 * summed over the last 62 minutes are never fewer than the last hour's sends: under the limit,
 * they settle it without reading the log (CASE runs one branch).
 */
function limitingSend(organizationId: string, now: Date) {
  const since = new Date(now.getTime() - HOUR_MS);
  const bucketsSince = new Date(now.getTime() - HOUR_MS - 2 * MINUTE_MS);
  return Prisma.sql`(CASE WHEN (SELECT coalesce(sum(sends), 0) FROM invitation_sends
                                WHERE organization_id = ${organizationId}::uuid AND minute > ${bucketsSince}::timestamptz) < ${MAX_INVITATIONS_PER_HOUR} THEN NULL
    ELSE (SELECT created_at FROM audit_logs
          WHERE organization_id = ${organizationId}::uuid AND action IN ('invitation.created', 'invitation.resent')
            AND created_at > ${since}::timestamptz
          ORDER BY created_at DESC
          OFFSET ${MAX_INVITATIONS_PER_HOUR - 1} LIMIT 1) END)`;
}

function tooManySent(limitingSentAt: Date, now: Date) {
  const retryAfter = Math.max(1, Math.ceil((limitingSentAt.getTime() + HOUR_MS - now.getTime()) / 1000));
  return new AppError(
    "RATE_LIMITED",
    `This organization sent ${MAX_INVITATIONS_PER_HOUR} invitations in the last hour, the most allowed. Try again in ${Math.ceil(retryAfter / 60)} minutes.`,
    { retryAfter },
  );
}

async function ensureHourlyLimit(tx: Tx, organizationId: string, now: Date) {
  const [row] = await tx.$queryRaw<{ limitingSentAt: Date | null }[]>`SELECT ${limitingSend(organizationId, now)} AS "limitingSentAt"`;
  if (row!.limitingSentAt) throw tooManySent(row!.limitingSentAt, now);
}

async function findInOrganization(tx: Tx, organizationId: string, id: string) {
  const row = await tx.invitation.findFirst({ where: { id, organizationId }, select: { ...viewSelect, tokenHash: true } });
  if (!row) throw notFound("Invitation not found.");
  return row;
}

/** Why createInvitation's locked statement wrote nothing, besides its actor's access. */
type CreateRefusal = WriteRefusal | "above_role" | "already_member" | "duplicate" | "too_many_active" | "too_many_sent";

type CreatedRow = ViewRow & { refusal: CreateRefusal | null; limitingSentAt: Date | null; emailHits: unknown };

/**
 * Invites an email address with a role, returning the link to share, and
 * emails a link too when asked (by default whenever email is on). One
 * active invitation per address: a second one is refused (Resend instead),
 * and concurrent duplicates leave exactly one.
 *
 * Everything that needs no lock (input, tokens, sealing) is done first; then one pipelined
 * transaction (lib/db/client.ts) locks the organization and, in one statement that sees
 * everything committed under the lock, checks the actor's role as of now and every rule in turn,
 * and writes only if all pass: the invitation (an expired one still stored as PENDING is stored
 * EXPIRED first, so the one-pending-per-email index admits it), its audit entry, its
 * invitation.created event (with its webhook deliveries) and, emailed, its job and the recipient's
 * count. The organization stays locked for that one round trip.
 */
export async function createInvitation(
  actor: Actor,
  input: z.input<typeof createInvitationInput>,
  origin: string,
): Promise<InvitationView & { url: string }> {
  const { email, role, expiresInDays, sendEmail } = parseInput(createInvitationInput, input);
  const organizationId = actor.organizationId;
  const id = randomUUID();
  const token = createInvitationToken();
  const emailToken = emailedLinkToken(wantsEmail(sendEmail));
  // One clock (the app's) for creation, expiry and the hourly window.
  const now = new Date();
  const expiresAt = new Date(now.getTime() + expiresInDays * DAY_MS);
  const access = pipelinedWriteAccess(actor, "invitation:create");
  const allowed = Prisma.sql`(SELECT 1 FROM verdict WHERE refusal IS NULL) AS allowed`;
  const emailLimit = invitationEmailLimit(email);
  const emailHits = emailToken ? countingHits([{ ...emailLimit, key: Prisma.sql`${emailLimit.key}` }], allowed) : null;
  // Nothing is written unless every rule passed and, emailed, the email counted.
  const proceed = Prisma.sql`EXISTS (SELECT 1 FROM ${allowed}) ${emailHits ? Prisma.sql`AND ${emailHits.counted}` : Prisma.empty}`;
  const columns = emailColumns(emailToken);
  const emailJob = emailToken ? invitationEmailJob(id, emailToken) : null;
  // The invitation as the statement creates it, for its event (recorded with it, only when it is).
  const invitation = {
    id,
    email,
    role,
    status: "PENDING" as const,
    expiresAt,
    createdAt: now,
    respondedAt: null,
    cancelReason: null,
    invitedById: actor.userId,
    invitedByName: actor.name,
    invitedByEmail: actor.email,
    emailStatus: columns.emailStatus,
    emailSentAt: columns.emailSentAt,
  };
  const event = eventsInsert(organizationId, [{ type: "invitation.created", data: { invitation } }], Prisma.sql`created`);
  const create = Prisma.sql`
    WITH ${access.ctes},
    checks AS (
      SELECT write_access.refusal AS access_refusal, write_access.role,
             ${memberWithEmail(organizationId, email)} AS already_member,
             (SELECT expires_at FROM invitations
              WHERE organization_id = ${organizationId}::uuid AND email = ${email} AND status = 'PENDING') AS pending_expires_at,
             ${activeLimitReached(organizationId, now)} AS active_limit_reached,
             ${limitingSend(organizationId, now)} AS limiting_sent_at
      FROM write_access
    ), verdict AS (
      SELECT limiting_sent_at, CASE
          WHEN access_refusal IS NOT NULL THEN access_refusal
          WHEN (role, ${role}) NOT IN (${rolePairs((actorRole, invited) => invitableRoles(actorRole).includes(invited))}) THEN 'above_role'
          WHEN already_member THEN 'already_member'
          WHEN pending_expires_at > ${now}::timestamptz THEN 'duplicate'
          WHEN active_limit_reached THEN 'too_many_active'
          WHEN limiting_sent_at IS NOT NULL THEN 'too_many_sent'
        END AS refusal
      FROM checks
    ),
    ${emailHits ? Prisma.sql`${emailHits.ctes},` : Prisma.empty}
    expired AS (
      UPDATE invitations SET status = 'EXPIRED'
      WHERE organization_id = ${organizationId}::uuid AND email = ${email} AND status = 'PENDING' AND expires_at <= ${now}::timestamptz
        AND ${proceed}
      RETURNING id
    ), created AS (
      INSERT INTO invitations (id, organization_id, email, role, token_hash, token_ciphertext, created_at, expires_at,
                               invited_by_id, invited_by_name, invited_by_email, email_token_hash, email_status, email_sent_at)
      SELECT ${id}::uuid, ${organizationId}::uuid, ${email}, ${role}::"Role", ${hashInvitationToken(token)}, ${sealInvitationToken(token)},
             ${now}::timestamptz, ${expiresAt}::timestamptz, ${actor.userId}::uuid, ${actor.name}, ${actor.email},
             ${columns.emailTokenHash}, ${columns.emailStatus}::"InvitationEmailStatus", NULL
      -- After the expired invitation's update, which the index must see first.
      WHERE ${proceed} AND (SELECT count(*) FROM expired) >= 0
      RETURNING id, email, role::text AS role, status::text AS status, expires_at AS "expiresAt", created_at AS "createdAt",
                invited_by_id AS "invitedById", invited_by_name AS "invitedByName", invited_by_email AS "invitedByEmail",
                responded_at AS "respondedAt", cancel_reason::text AS "cancelReason", email_status::text AS "emailStatus", email_sent_at AS "emailSentAt"
    ), audited AS (
      ${auditInsert(actor, {
        organizationId,
        action: "invitation.created",
        target: { type: "invitation", id, label: email },
        details: { role, expiresAt: expiresAt.toISOString() },
      }, Prisma.sql`created`)}
    ), ${event.ctes}
    ${emailJob ? Prisma.sql`, emailed AS (SELECT ${emailJob} IS NOT NULL FROM created)` : Prisma.empty}
    SELECT verdict.refusal, verdict.limiting_sent_at AS "limitingSentAt", ${emailHits ? emailHits.result : Prisma.sql`NULL`} AS "emailHits",
           -- A SELECT in WITH runs only as far as the main query reads it: this runs the job's call for the created row.
           ${emailJob ? Prisma.sql`(SELECT count(*) FROM emailed)` : Prisma.sql`0`} AS emailed, ${event.deliveries} AS deliveries, created.*
    FROM verdict LEFT JOIN created ON true`;

  let row: CreatedRow;
  try {
    const [, rows] = await pipelinedTransaction([access.lock, create]);
    row = rows![0] as CreatedRow;
  } catch (error) {
    if (isUniqueViolation(error, PENDING_PER_EMAIL_INDEX)) throw conflict(duplicateMessage(email));
    throw error;
  }
  switch (row.refusal) {
    case null:
      break;
    case "above_role":
      throw forbidden(REFUSALS.inviteAboveRole(ROLE_LABELS[role]));
    case "already_member":
      throw new AppError("CONFLICT", alreadyMemberMessage(email), { fieldErrors: { email: [alreadyMemberMessage(email)] } });
    case "duplicate":
      throw conflict(duplicateMessage(email));
    case "too_many_active":
      throw tooManyActive();
    case "too_many_sent":
      throw tooManySent(row.limitingSentAt!, now);
    default:
      throw access.refusal(row.refusal);
  }
  if (emailHits) {
    const hit = await emailHits.settle(row.emailHits);
    if (!hit.allowed) throw invitationEmailRefused(hit, email);
  }
  return { ...viewOf(row, now), url: invitationUrl(origin, token) };
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
