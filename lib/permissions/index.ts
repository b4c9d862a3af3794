import { ACTION_REFUSALS, REFUSALS } from "./refusals";

export { REFUSALS };

/**
 * Who may do what: one role × action matrix, used by the services to enforce
 * and by the UI to decide which controls to show. Rules that depend on the
 * target (owners, yourself) are the functions below the matrix; what a
 * refusal says is in ./refusals.ts.
 */
export const ROLES = ["OWNER", "ADMIN", "MEMBER"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = { OWNER: "Owner", ADMIN: "Admin", MEMBER: "Member" };

const RANK: Record<Role, number> = { MEMBER: 1, ADMIN: 2, OWNER: 3 };

export const PERMISSIONS = {
  "organization:read": ["OWNER", "ADMIN", "MEMBER"],
  "organization:update": ["OWNER", "ADMIN"],
  "organization:delete": ["OWNER"],
  "member:list": ["OWNER", "ADMIN", "MEMBER"],
  // Emails and last-active times of other members.
  "member:read-private": ["OWNER", "ADMIN"],
  "member:change-role": ["OWNER", "ADMIN"],
  "member:remove": ["OWNER", "ADMIN"],
  // Leaving is anyone's (not the last Owner, not a personal organization: checked by the service).
  "member:leave": ["OWNER", "ADMIN", "MEMBER"],
  "owner:grant-or-revoke": ["OWNER"],
  // Handing ownership to another member: they become Owner, you become Admin.
  "owner:transfer": ["OWNER"],
  "invitation:list": ["OWNER", "ADMIN"],
  "invitation:create": ["OWNER", "ADMIN"],
  "invitation:cancel": ["OWNER", "ADMIN"],
  "invitation:resend": ["OWNER", "ADMIN"],
  "audit:read": ["OWNER", "ADMIN"],
  "api-key:manage": ["OWNER", "ADMIN"],
  "webhook:manage": ["OWNER", "ADMIN"],
  // The events feed: every change in the organization, emails included.
  "event:read": ["OWNER", "ADMIN"],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

/** What refusing `action` says (a type error here means an action lacks its message in ./refusals.ts). */
export function refusalOf(action: Action): string {
  return ACTION_REFUSALS[action];
}

export function can(role: Role, action: Action): boolean {
  return (PERMISSIONS[action] as readonly Role[]).includes(role);
}

export function atLeast(role: Role, minimum: Role): boolean {
  return RANK[role] >= RANK[minimum];
}

/** Roles invitations and API keys may carry: never Owner (Owner is granted by an Owner, to a member). */
export const INVITABLE_ROLES = ["ADMIN", "MEMBER"] as const satisfies readonly Role[];

/** Roles an inviter may put on an invitation: never Owner, never above their own. */
export function invitableRoles(actorRole: Role): Role[] {
  if (!can(actorRole, "invitation:create")) return [];
  return INVITABLE_ROLES.filter((role) => atLeast(actorRole, role));
}

type Target = { userId: string; role: Role };
type ActorRef = { userId: string; role: Role };

/** Why the actor can't change the target's role to `to`, or null when allowed. */
export function roleChangeRefusal(actor: ActorRef, target: Target, to: Role): string | null {
  if (!can(actor.role, "member:change-role")) return refusalOf("member:change-role");
  if (actor.userId === target.userId) return REFUSALS.ownRole;
  const touchesOwner = target.role === "OWNER" || to === "OWNER";
  if (touchesOwner && !can(actor.role, "owner:grant-or-revoke")) return refusalOf("owner:grant-or-revoke");
  return null;
}

/** Roles offered in the role dropdown for this target. */
export function assignableRoles(actor: ActorRef, target: Target): Role[] {
  return ROLES.filter((role) => role === target.role || roleChangeRefusal(actor, target, role) === null);
}

/** Why the actor can't remove the target, or null when allowed (the last-Owner rule is checked in the database). */
export function removalRefusal(actor: ActorRef, target: Target): string | null {
  if (!can(actor.role, "member:remove")) return refusalOf("member:remove");
  if (actor.userId === target.userId) return REFUSALS.ownRemoval;
  if (target.role === "OWNER" && !can(actor.role, "owner:grant-or-revoke")) return REFUSALS.ownerRemoval;
  return null;
}

/**
 * Why the actor can do nothing to the target in the member list (neither the
 * role dropdown nor Remove), or null when they can. The two are refused for
 * the same reasons, so the list disables both with one explanation; the
 * services check each request again.
 */
export function memberControlsRefusal(actor: ActorRef, target: Target, personalOwnerId: string | null): string | null {
  if (actor.userId === target.userId) return REFUSALS.ownControls;
  if (target.role === "OWNER" && !can(actor.role, "owner:grant-or-revoke")) return REFUSALS.ownerControls;
  if (target.userId === personalOwnerId) return REFUSALS.personalOwnerControls;
  return null;
}

/**
 * Why the actor can't transfer ownership to the target, or null when they
 * can (the target being a current member is checked under lock by the service).
 */
export function transferRefusal(actor: ActorRef, target: Target & { name: string }, personalOwnerId: string | null): string | null {
  if (!can(actor.role, "owner:transfer")) return refusalOf("owner:transfer");
  if (personalOwnerId !== null) return REFUSALS.personalTransfer;
  if (actor.userId === target.userId) return REFUSALS.ownTransfer;
  if (target.role === "OWNER") return REFUSALS.transferToOwner(target.name);
  return null;
}

/** Why the actor can't leave the organization, or null when they can: an organization always keeps an Owner. */
export function leaveRefusal(role: Role, ownerCount: number): string | null {
  return role === "OWNER" && ownerCount <= 1 ? REFUSALS.lastOwnerLeaving : null;
}
