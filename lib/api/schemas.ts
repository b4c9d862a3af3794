import { z } from "zod";
import { pageLimit } from "@/lib/pagination";
import { AUDIT_ACTIONS } from "@/lib/services/audit";
import { PROBLEM_CODES } from "./problem";

/** Response shapes of /api/v1, used for the OpenAPI document and its contract tests. */

const role = z.enum(["OWNER", "ADMIN", "MEMBER"]);
export const timestamp = z.iso.datetime({ offset: true });
const cursor = z.string().nullable().describe("Pass as `cursor` to get the next page; null on the last page.");

export const organizationOut = z
  .object({ id: z.uuid(), name: z.string(), personal: z.boolean(), role: role.describe("Your role in this organization.") })
  ;

export const memberOut = z
  .object({
    userId: z.uuid(),
    name: z.string(),
    email: z.string().nullable().describe("Null unless you are an Owner or Admin (or it is you)."),
    role,
    joinedAt: timestamp,
    lastActiveAt: timestamp.nullable(),
  })
  ;

export const invitationStatus = z.enum(["active", "expired", "accepted", "rejected", "cancelled"]);

export const invitationCancelReason = z
  .enum(["manual", "inviter_removed", "inviter_left", "inviter_role_changed", "inviter_not_a_member"])
  .nullable()
  .describe(
    "Why it was cancelled; null unless `status` is cancelled. `manual`: someone cancelled it. The others: it was cancelled automatically because its inviter can no longer invite at its role: they were removed (`inviter_removed`), left (`inviter_left`), got a role that may not invite at it (`inviter_role_changed`), or were no longer a member when Teamhub was upgraded (`inviter_not_a_member`).",
  );

export const invitationOut = z
  .object({
    id: z.uuid(),
    email: z.string(),
    role,
    status: invitationStatus,
    url: z.string().nullable().describe("The invitation link; only for active invitations, and not in lists."),
    expiresAt: timestamp,
    createdAt: timestamp,
    respondedAt: timestamp.nullable(),
    invitedBy: z.object({ id: z.uuid().nullable(), name: z.string(), email: z.string() }),
    cancelReason: invitationCancelReason,
  })
  ;

export const auditEntryOut = z
  .object({
    id: z.string(),
    action: z.enum(AUDIT_ACTIONS),
    createdAt: timestamp,
    actor: z.object({ userId: z.uuid().nullable(), apiKeyId: z.uuid().nullable(), name: z.string(), email: z.string().nullable() }),
    target: z.object({ type: z.string(), id: z.string(), label: z.string().nullable() }).nullable(),
    details: z.record(z.string(), z.unknown()),
    ip: z.string().nullable(),
  })
  ;

export const apiKeyOut = z.object({
  id: z.uuid(),
  name: z.string(),
  role,
  prefix: z.string().describe("The secret's first characters, to tell keys apart."),
  status: z
    .enum(["active", "suspended", "revoked", "expired"])
    .describe("`suspended`: its creator's role is now below the key's, so it is refused until they get it back."),
  createdAt: timestamp,
  expiresAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
  lastUsedAt: timestamp.nullable(),
  createdBy: z.object({ id: z.uuid().nullable(), name: z.string(), email: z.string() }),
});

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), nextCursor: cursor });

/** The query fields of every list operation. */
export const pageQuery = {
  cursor: z.string().max(500).optional(),
  limit: pageLimit.describe("Page size, 1 to 100."),
};

export const problemOut = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.enum([...PROBLEM_CODES, "INTERNAL"]),
    errors: z.record(z.string(), z.array(z.string())).optional().describe("Per-field messages (VALIDATION)."),
  })
  ;
