import { ROLE_LABELS, ROLES, type Role } from "@/lib/permissions";
import type { AuditAction, AuditEntryView } from "@/lib/services/audit";

/**
 * What each audit action says, in one place: a sentence naming the people
 * involved ("Ada Lovelace changed Bob Stone's role from Admin to Member"), and
 * a short label for the action filter. Both are typed over every action, so an
 * action added to AUDIT_ACTIONS without its words fails the type check. Entries
 * of actions this code doesn't know (a newer or older version wrote them) get
 * a readable default.
 */

export type AuditSentenceInput = Pick<AuditEntryView, "action" | "actor" | "target" | "details">;

type Details = Record<string, unknown>;

type Words = {
  /** For the action filter: "Role changed". */
  label: string;
  sentence: (entry: { actor: string; system: boolean; target: string; details: Details }) => string;
};

const text = (details: Details, key: string): string | null => (typeof details[key] === "string" ? (details[key] as string) : null);

/** A role's display name; an unexpected value shown as it is. */
export function roleLabel(role: unknown): string {
  return ROLES.includes(role as Role) ? ROLE_LABELS[role as Role] : String(role);
}

const asRole = (details: Details, key: string) => (details[key] === undefined ? null : roleLabel(details[key]));
const possessive = (name: string) => (name.endsWith("s") ? `${name}'` : `${name}'s`);
const quoted = (name: string) => `“${name}”`;

// `system`: the change was made by an upgrade, not by a person.
const INVITATION_CANCEL_REASONS: Record<string, (actor: string, system: boolean) => string> = {
  inviter_removed: (actor) => `because ${actor} removed its inviter from the organization`,
  inviter_left: (actor) => `because its inviter, ${actor}, left the organization`,
  inviter_role_changed: (actor, system) =>
    system
      ? "because its inviter's role no longer allowed inviting at it when Teamhub was upgraded"
      : `because ${actor} changed its inviter's role to one that may not invite at it`,
  inviter_not_a_member: () => "because its inviter was no longer a member when Teamhub was upgraded",
};

const API_KEY_REVOKE_REASONS: Record<string, (actor: string) => string> = {
  "creator removed": (actor) => `because ${actor} removed its creator from the organization`,
  "creator left": (actor) => `because its creator, ${actor}, left the organization`,
  "creator no longer a member": () => "because its creator was no longer a member when Teamhub was upgraded",
};

// `creator`: "its creator, Ada Lovelace," (or "its creator" for entries without the name).
const WEBHOOK_DISABLE_REASONS: Record<string, (actor: string, creator: string) => string> = {
  failing: () => "because its deliveries had failed for a day",
  creator_removed: (actor, creator) => `because ${actor} removed ${creator} from the organization`,
  creator_left: (_actor, creator) => `because ${creator} left the organization`,
  creator_role_changed: (actor, creator) => `because ${actor} changed the role of ${creator} to one that may not manage webhooks`,
  creator_not_authorized: () => "because its creator was no longer an Owner or Admin when Teamhub was upgraded",
};

const WEBHOOK_FIELDS: Record<string, string> = { url: "URL", eventTypes: "events", enabled: "enabled", description: "description" };

export const AUDIT_WORDS: Record<AuditAction, Words> = {
  "organization.created": {
    label: "Organization created",
    sentence: ({ actor, target, details }) =>
      details.personal === true ? `${actor} signed up, and their personal organization ${target} was created` : `${actor} created the organization ${target}`,
  },
  "organization.switched": {
    label: "Switched to the organization (no longer recorded)",
    sentence: ({ actor, target }) => `${actor} switched to ${target}`,
  },
  "organization.renamed": {
    label: "Organization renamed",
    sentence: ({ actor, target, details }) => {
      const from = text(details, "from");
      return from ? `${actor} renamed the organization from ${quoted(from)} to ${quoted(text(details, "to") ?? target)}` : `${actor} renamed the organization to ${quoted(target)}`;
    },
  },
  "organization.deleted": {
    label: "Organization deleted",
    sentence: ({ actor, target }) => `${actor} deleted the organization ${target}`,
  },
  "invitation.created": {
    label: "Invitation created",
    sentence: ({ actor, target, details }) => `${actor} invited ${target}${asRole(details, "role") ? ` as ${asRole(details, "role")}` : ""}`,
  },
  "invitation.resent": {
    label: "Invitation resent",
    sentence: ({ actor, target }) => `${actor} resent the invitation to ${target}`,
  },
  "invitation.cancelled": {
    label: "Invitation cancelled",
    sentence: ({ actor, system, target, details }) => {
      const because = INVITATION_CANCEL_REASONS[text(details, "reason") ?? ""];
      const role = asRole(details, "role");
      const invitation = `The invitation to ${target}${role ? ` as ${role}` : ""}`;
      return because ? `${invitation} was cancelled ${because(actor, system)}` : `${actor} cancelled the invitation to ${target}`;
    },
  },
  "invitation.accepted": {
    label: "Invitation accepted",
    sentence: ({ actor, target, details }) =>
      `${actor} accepted the invitation to ${target}${asRole(details, "role") ? ` and joined as ${asRole(details, "role")}` : ""}`,
  },
  "invitation.rejected": {
    label: "Invitation rejected",
    sentence: ({ actor, target }) => `${actor} rejected the invitation to ${target}`,
  },
  "member.role_changed": {
    label: "Role changed",
    sentence: ({ actor, target, details }) =>
      `${actor} changed ${possessive(text(details, "name") ?? target)} role from ${asRole(details, "from") ?? "?"} to ${asRole(details, "to") ?? "?"}`,
  },
  "member.ownership_transferred": {
    label: "Ownership transferred",
    sentence: ({ actor, target, details }) =>
      `${actor} transferred ownership to ${text(details, "name") ?? target}${asRole(details, "previousOwnerRole") ? ` and became ${asRole(details, "previousOwnerRole")}` : ""}`,
  },
  "member.removed": {
    label: "Member removed",
    sentence: ({ actor, target, details }) =>
      `${actor} removed ${text(details, "name") ?? target}${asRole(details, "role") ? ` (${asRole(details, "role")})` : ""} from the organization`,
  },
  "member.left": {
    label: "Member left",
    sentence: ({ actor, details }) => `${actor}${asRole(details, "role") ? ` (${asRole(details, "role")})` : ""} left the organization`,
  },
  "api_key.created": {
    label: "API key created",
    sentence: ({ actor, target, details }) => `${actor} created the API key ${quoted(target)}${asRole(details, "role") ? ` with the ${asRole(details, "role")} role` : ""}`,
  },
  "api_key.revoked": {
    label: "API key revoked",
    sentence: ({ actor, target, details }) => {
      const because = API_KEY_REVOKE_REASONS[text(details, "reason") ?? ""];
      return because ? `The API key ${quoted(target)} was revoked ${because(actor)}` : `${actor} revoked the API key ${quoted(target)}`;
    },
  },
  "webhook.created": {
    label: "Webhook endpoint added",
    sentence: ({ actor, target }) => `${actor} added the webhook endpoint ${target}`,
  },
  "webhook.updated": {
    label: "Webhook endpoint changed",
    sentence: ({ actor, target, details }) => {
      const changed = Object.keys(details).filter((key) => key !== "createdBy").map((key) => WEBHOOK_FIELDS[key] ?? key);
      // createdBy: enabling it again made the actor responsible for it.
      const responsible = details.createdBy ? " and became responsible for it" : "";
      return `${actor} changed the webhook endpoint ${target}${changed.length ? ` (${changed.join(", ")})` : ""}${responsible}`;
    },
  },
  "webhook.secret_rotated": {
    label: "Webhook secret rotated",
    sentence: ({ actor, target }) => `${actor} rotated the signing secret of the webhook endpoint ${target}`,
  },
  "webhook.deleted": {
    label: "Webhook endpoint deleted",
    sentence: ({ actor, target }) => `${actor} deleted the webhook endpoint ${target}`,
  },
  "webhook.disabled": {
    label: "Webhook endpoint disabled",
    sentence: ({ actor, target, details }) => {
      const because = WEBHOOK_DISABLE_REASONS[text(details, "reason") ?? ""];
      const creator = text(details, "creator") ? `its creator, ${text(details, "creator")},` : "its creator";
      return because ? `The webhook endpoint ${target} was disabled ${because(actor, creator)}` : `${actor} disabled the webhook endpoint ${target}`;
    },
  },
};

const isKnown = (action: string): action is AuditAction => Object.hasOwn(AUDIT_WORDS, action);

/** The filter label of an action; an unknown one as it is stored. */
export function auditActionLabel(action: string): string {
  return isKnown(action) ? AUDIT_WORDS[action].label : action;
}

/** The sentence an entry reads as, for the page, the exports and the API. */
export function auditSentence(entry: AuditSentenceInput): string {
  const details = entry.details && typeof entry.details === "object" && !Array.isArray(entry.details) ? (entry.details as Details) : {};
  const target = entry.target ? (entry.target.label ?? entry.target.id) : "";
  const words = { actor: entry.actor.name, system: entry.actor.userId === null, target, details };
  if (isKnown(entry.action)) return AUDIT_WORDS[entry.action].sentence(words);
  const what = entry.action.replace(/[._]/g, " ");
  return `${entry.actor.name}: ${what}${target ? ` (${target})` : ""}`;
}
