import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/db/client";
import { forbidden, notFound } from "@/lib/errors";
import { atLeast, can, REFUSALS, refusalOf, ROLES, type Action, type Role } from "@/lib/permissions";
import type { Actor } from "./types";

/**
 * Access for every service: the organization lock that opens each write
 * inside an organization, the actor's role as of now (held until the write
 * ends), and the permission check, all behind lockForWrite. Reads check
 * the role the request resolved with authorize.
 */

export type LockedOrganization = { id: string; name: string; personalOwnerId: string | null };

/** A member row locked by lockForWrite's `target` form, with what member views show. */
export type LockedMember = {
  id: string;
  userId: string;
  role: Role;
  name: string;
  email: string;
  joinedAt: Date;
  lastActiveAt: Date;
  emailVerified: boolean;
};

type ActorRef = Pick<Actor, "userId" | "organizationId" | "apiKey">;

const STRENGTH = {
  // Reading the organization while writing elsewhere (switching to it): only a deletion waits.
  share: Prisma.sql`FOR KEY SHARE`,
  // Any write inside the organization (invitations, members, keys, its name, its member count).
  write: Prisma.sql`FOR NO KEY UPDATE`,
  // Deleting it: waits for every write under way, and every later one then finds it gone.
  delete: Prisma.sql`FOR UPDATE`,
} as const;

/** The actor's member row, its role locked until the transaction ends (lockActorRole and pipelinedWriteAccess). */
const memberRoleRow = (actor: ActorRef) => Prisma.sql`
  SELECT role::text AS role FROM members
  WHERE user_id = ${actor.userId}::uuid AND organization_id = ${actor.organizationId}::uuid
  FOR SHARE`;

/** Whether an API-key row may still be used: not revoked, not expired. */
const KEY_USABLE = Prisma.sql`(revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())) AS usable`;

/** Why a write refused its actor, the same from lockForWrite and pipelinedWriteAccess. */
const WRITE_REFUSALS = {
  organization: () => notFound("Organization not found."),
  member: () => forbidden(REFUSALS.notAMember),
  key: () => forbidden(REFUSALS.apiKeyNoLongerValid),
  action: (action: Action) => forbidden(refusalOf(action)),
};
export type WriteRefusal = keyof typeof WRITE_REFUSALS;

/**
 * The first statement of every transaction that writes inside an organization.
 * Taking the organization's row before any member, invitation or key row gives
 * all of them one lock order, so concurrent writes queue instead of
 * deadlocking, also against a deletion of the organization (which cascades to
 * all of those rows). A write that waited for a deletion finds it gone.
 * Writes by a member go through lockForWrite; this alone serves those by
 * someone who isn't one yet (answering an invitation) or acts elsewhere
 * (switching organizations).
 */
export async function lockOrganization(tx: Tx, organizationId: string, strength: keyof typeof STRENGTH = "write"): Promise<LockedOrganization> {
  const [organization] = await tx.$queryRaw<LockedOrganization[]>`
    SELECT id, name, personal_owner_id AS "personalOwnerId" FROM organizations
    WHERE id = ${organizationId}::uuid
    ${STRENGTH[strength]}`;
  if (!organization) throw WRITE_REFUSALS.organization();
  return organization;
}

/**
 * The actor's role as of now, held (FOR SHARE) until the transaction ends, so
 * a concurrent demotion or removal either waits for the write or is seen by it.
 * Services call it through lockForWrite; tests that hold an actor's locks call it alone.
 */
export async function lockActorRole(tx: Tx, actor: ActorRef): Promise<Role> {
  const [row] = await tx.$queryRaw<{ role: Role }[]>(memberRoleRow(actor));
  if (!row) throw WRITE_REFUSALS.member();
  return apiKeyRole(tx, actor, row.role);
}

/**
 * Locks, in one statement ordered by id, every Owner row of the organization
 * together with the actor's and the target's rows (FOR UPDATE), so concurrent
 * membership changes queue in the same order and the Owner count and roles
 * they act on are current.
 */
async function lockActorAndTarget(tx: Tx, actor: ActorRef, targetUserId: string, missing = "Member not found.") {
  const rows = await tx.$queryRaw<LockedMember[]>`
    SELECT m.id, m.user_id AS "userId", m.role::text AS role, u.name, u.email,
           m.joined_at AS "joinedAt", m.last_active_at AS "lastActiveAt", u.email_verified_at IS NOT NULL AS "emailVerified"
    FROM members m JOIN users u ON u.id = m.user_id
    WHERE m.organization_id = ${actor.organizationId}::uuid
      AND (m.role = 'OWNER' OR m.user_id IN (${actor.userId}::uuid, ${targetUserId}::uuid))
    ORDER BY m.id
    FOR UPDATE OF m`;
  const actorRow = rows.find((row) => row.userId === actor.userId);
  if (!actorRow) throw WRITE_REFUSALS.member();
  const role = await apiKeyRole(tx, actor, actorRow.role);
  const target = rows.find((row) => row.userId === targetUserId);
  if (!target) throw notFound(missing);
  return { role, target, owners: rows.filter((row) => row.role === "OWNER").length };
}

/**
 * For an actor acting through an API key, called with the member row already
 * locked: locks the key's row too (FOR SHARE, so a concurrent revocation waits
 * for the write or is seen by it; members before api_keys, always) and
 * returns the key's role. Refuses a key revoked or expired since the request
 * was authenticated, or whose creator's role is now below the key's. Session
 * actors keep their member role.
 */
async function apiKeyRole(tx: Tx, actor: ActorRef, memberRole: Role): Promise<Role> {
  if (!actor.apiKey) return memberRole;
  const [key] = await tx.$queryRaw<{ role: Role; usable: boolean }[]>`
    SELECT role::text AS role, ${KEY_USABLE}
    FROM api_keys
    WHERE id = ${actor.apiKey.id}::uuid AND organization_id = ${actor.organizationId}::uuid
      AND created_by_id = ${actor.userId}::uuid
    FOR SHARE`;
  if (!key?.usable || !atLeast(memberRole, key.role)) throw WRITE_REFUSALS.key();
  return key.role;
}

export type WriteAccess = { organization: LockedOrganization; role: Role };
export type MemberWriteAccess = WriteAccess & { target: LockedMember; owners: number };
/** The member a write acts on; `missing` is what NOT_FOUND says when they aren't one ("Member not found." by default). */
type MemberTarget = { userId: string; missing?: string };

/**
 * The opening of every write a member makes inside their organization: locks
 * the organization's row (FOR UPDATE when deleting it), then the actor's
 * member row (and, acting through an API key, the key's row), and refuses
 * unless the role they have now may do `action`. With `target`, the target
 * member's row and every Owner row are locked too (FOR UPDATE, see
 * lockActorAndTarget), and a target who isn't a member answers NOT_FOUND.
 */
export async function lockForWrite(tx: Tx, actor: ActorRef, action: Action): Promise<WriteAccess>;
export async function lockForWrite(tx: Tx, actor: ActorRef, action: Action, target: MemberTarget): Promise<MemberWriteAccess>;
export async function lockForWrite(tx: Tx, actor: ActorRef, action: Action, target?: MemberTarget): Promise<WriteAccess | MemberWriteAccess> {
  const organization = await lockOrganization(tx, actor.organizationId, action === "organization:delete" ? "delete" : "write");
  const locked = target ? await lockActorAndTarget(tx, actor, target.userId, target.missing) : { role: await lockActorRole(tx, actor) };
  if (!can(locked.role, action)) throw WRITE_REFUSALS.action(action);
  return { organization, ...locked };
}

/** The pairs of roles (a, b) for which `holds(a, b)`, as an SQL list of row values: `(x, y) IN (${rolePairs(...)})`. */
export function rolePairs(holds: (a: Role, b: Role) => boolean): Prisma.Sql {
  return Prisma.join(ROLES.flatMap((a) => ROLES.filter((b) => holds(a, b)).map((b) => Prisma.sql`(${a}, ${b})`)));
}

/**
 * lockForWrite for a write sent as one pipelined transaction (pipelinedTransaction in
 * lib/db/client.ts), where nothing in Node runs between its statements. `lock` is the batch's
 * first statement: it locks the organization's row. `ctes`, for the statement after it (which
 * sees everything committed under the lock), lock the actor's member row and, for an API key,
 * the key's row (FOR SHARE, members first) and define `write_access (role, refusal)`: the role
 * they act with now, and null, or why they may not do `action` (a WriteRefusal). The statement
 * writes nothing unless refusal is null; `refusal` turns the reason into the error to throw.
 */
export function pipelinedWriteAccess(actor: ActorRef, action: Action) {
  const key = actor.apiKey;
  const permitted = Prisma.join(ROLES.filter((role) => can(role, action)));
  const role = key ? Prisma.sql`k.role` : Prisma.sql`m.role`;
  return {
    lock: Prisma.sql`SELECT id FROM organizations WHERE id = ${actor.organizationId}::uuid ${STRENGTH.write}`,
    ctes: Prisma.sql`write_member AS (${memberRoleRow(actor)}
      ), write_key AS (
        SELECT role::text AS role, ${KEY_USABLE}
        FROM api_keys
        WHERE id = ${key?.id ?? null}::uuid AND organization_id = ${actor.organizationId}::uuid AND created_by_id = ${actor.userId}::uuid
          AND EXISTS (SELECT 1 FROM write_member)
        FOR SHARE
      ), write_access AS (
        SELECT CASE
            WHEN NOT EXISTS (SELECT 1 FROM organizations WHERE id = ${actor.organizationId}::uuid) THEN 'organization'
            WHEN m.role IS NULL THEN 'member'
            ${key ? Prisma.sql`WHEN k.role IS NULL OR NOT k.usable OR (m.role, k.role) NOT IN (${rolePairs(atLeast)}) THEN 'key'` : Prisma.empty}
            WHEN ${role} NOT IN (${permitted}) THEN 'action'
          END AS refusal,
          ${role} AS role
        FROM (SELECT 1) AS one LEFT JOIN write_member m ON true LEFT JOIN write_key k ON true
      )`,
    refusal: (reason: WriteRefusal) => (reason === "action" ? WRITE_REFUSALS.action(action) : WRITE_REFUSALS[reason]()),
  };
}

/** For reads: refuses unless the role the request resolved with may do `action`. */
export function authorize(actor: Pick<Actor, "role">, action: Action): void {
  if (!can(actor.role, action)) throw forbidden(refusalOf(action));
}
