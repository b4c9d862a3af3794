/**
 * Every refusal message, in one place beside the role × action matrix
 * (./index.ts): the services throw them, pages show them, and each is worded
 * once. Imports nothing, so client components can use it too.
 */

const NO_PERMISSION = "You don't have permission to do that.";
const MANAGE_INVITATIONS = "Only Owners and Admins can manage invitations.";

/** Why a role outside PERMISSIONS[action] is refused `action` (index.ts checks every action has one). */
export const ACTION_REFUSALS = {
  "organization:read": NO_PERMISSION,
  "organization:update": "Only Owners and Admins can rename the organization.",
  "organization:delete": "Only Owners can delete the organization.",
  "member:list": NO_PERMISSION,
  "member:read-private": NO_PERMISSION,
  "member:change-role": "Only Owners and Admins can change roles.",
  "member:remove": "Only Owners and Admins can remove members.",
  "member:leave": NO_PERMISSION,
  "owner:grant-or-revoke": "Only Owners can grant or revoke the Owner role.",
  "owner:transfer": "Only Owners can transfer ownership.",
  "invitation:list": "Only Owners and Admins can see invitations.",
  "invitation:create": MANAGE_INVITATIONS,
  "invitation:cancel": MANAGE_INVITATIONS,
  "invitation:resend": MANAGE_INVITATIONS,
  "audit:read": "Only Owners and Admins can read the audit log.",
  "api-key:manage": "Only Owners and Admins can manage API keys.",
  "webhook:manage": "Only Owners and Admins can manage webhooks.",
  "event:read": "Only Owners and Admins can read the organization's events.",
} as const;

/** Refusals of the rules that depend on more than the role: the target, the organization, the credentials. */
export const REFUSALS = {
  notAMember: "You are no longer a member of this organization.",
  apiKeyNoLongerValid: "This API key is no longer valid.",
  apiKeyManagingKeys: "API keys can't manage API keys.",
  apiKeyAboveRole: (roleLabel: string) => `You can't create a key with the ${roleLabel} role.`,
  inviteAboveRole: (roleLabel: string) => `You can't invite someone as ${roleLabel}.`,
  ownRole: "You cannot change your own role.",
  ownRemoval: "You cannot remove yourself. Use Leave Organization in Settings.",
  ownerRemoval: "Only Owners can remove an Owner.",
  // The member list disables a row's role dropdown and Remove together, with one of these.
  ownControls: "You can't change your own role or remove yourself. To leave, use Leave Organization in Settings.",
  ownerControls: "Only Owners can change an Owner's role or remove an Owner.",
  personalOwnerControls: "This is their personal organization: they always stay its Owner.",
  lastOwner: "The organization must keep at least one Owner.",
  lastOwnerLeaving: "You are the last Owner. Make another member Owner before leaving.",
  personalOwnerRole: "The owner of a personal organization always stays its Owner.",
  personalOwnerRemoval: "The owner of a personal organization can't be removed from it.",
  ownTransfer: "You already own this organization. Choose another member to transfer ownership to.",
  transferToOwner: (name: string) => `${name} is already an Owner.`,
  transferToNonMember: "Ownership can only be transferred to a current member of this organization.",
  personalTransfer: "A personal organization's ownership can't be transferred.",
  personalLeave: "You can't leave your personal organization.",
  personalRename: "Your personal organization can't be renamed.",
  personalDelete: "Your personal organization can't be deleted.",
  invitationForOtherEmail: "This invitation is for another email address.",
  crossSiteForm: "Forms are accepted from this site's own pages only.",
  crossSiteSession: "Cross-site requests with a browser session are refused. Programs should use an API key.",
} as const;
