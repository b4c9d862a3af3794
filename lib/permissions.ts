/**
 * Who may do what: one role × action matrix, used by the services to enforce
 * and by the UI to decide which controls to show. Rules that depend on the
 * target (owners, yourself) are the functions below the matrix.
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
  "owner:grant-or-revoke": ["OWNER"],
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

export function can(role: Role, action: Action): boolean {
  return (PERMISSIONS[action] as readonly Role[]).includes(role);
}

export function atLeast(role: Role, minimum: Role): boolean {
  return RANK[role] >= RANK[minimum];
}

/** Roles an inviter may put on an invitation: never Owner, never above their own. */
export function invitableRoles(actorRole: Role): Role[] {
  if (!can(actorRole, "invitation:create")) return [];
  return (["ADMIN", "MEMBER"] as const).filter((role) => atLeast(actorRole, role));
}

type Target = { userId: string; role: Role };
type ActorRef = { userId: string; role: Role };

/** Why the actor can't change the target's role to `to`, or null when allowed. */
export function roleChangeRefusal(actor: ActorRef, target: Target, to: Role): string | null {
  if (!can(actor.role, "member:change-role")) return "Only Owners and Admins can change roles.";
  if (actor.userId === target.userId) return "You cannot change your own role.";
  const touchesOwner = target.role === "OWNER" || to === "OWNER";
  if (touchesOwner && !can(actor.role, "owner:grant-or-revoke")) return "Only Owners can grant or revoke the Owner role.";
  return null;
}

/** Roles offered in the role dropdown for this target. */
export function assignableRoles(actor: ActorRef, target: Target): Role[] {
  return ROLES.filter((role) => role === target.role || roleChangeRefusal(actor, target, role) === null);
}

/** Why the actor can't remove the target, or null when allowed (the last-Owner rule is checked in the database). */
export function removalRefusal(actor: ActorRef, target: Target): string | null {
  if (!can(actor.role, "member:remove")) return "Only Owners and Admins can remove members.";
  if (actor.userId === target.userId) return "You cannot remove yourself. Use Leave Organization in Settings.";
  if (target.role === "OWNER" && !can(actor.role, "owner:grant-or-revoke")) return "Only Owners can remove an Owner.";
  return null;
}
