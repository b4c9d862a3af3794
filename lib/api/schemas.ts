import { z } from "zod";
import { InvitationCancelReason, InvitationEmailStatus } from "@/lib/generated/prisma/enums";
import { pageLimit } from "@/lib/pagination";
import { ROLES } from "@/lib/permissions";
import { AUDIT_ACTIONS } from "@/lib/services/audit";
import { INVITATION_STATE_NAMES } from "@/lib/services/invitations/view";
import { PROBLEM_CODES } from "./problem";

/**
 * Response shapes of /api/v1, used for the OpenAPI document and its contract
 * tests, and jsonBody, which makes request bodies of the services' input schemas.
 */

const role = z.enum(ROLES);
const timestamp = z.iso.datetime({ offset: true });
const cursor = z.string().nullable().describe("Pass as `cursor` to get the next page; null on the last page.");

export const organizationOut = z
  .object({ id: z.uuid(), name: z.string(), personal: z.boolean(), role: role.describe("Your role in this organization.") })

export const memberOut = z
  .object({
    userId: z.uuid(),
    name: z.string(),
    email: z.string().nullable().describe("Null unless you are an Owner or Admin (or it is you)."),
    role,
    joinedAt: timestamp,
    lastActiveAt: timestamp.nullable(),
  })

export const invitationStatus = z.enum(INVITATION_STATE_NAMES);

export const invitationCancelReason = z
  .enum(Object.values(InvitationCancelReason).map((reason) => reason.toLowerCase() as Lowercase<InvitationCancelReason>))
  .nullable()
  .describe(
    "Why it was cancelled; null unless `status` is cancelled. `manual`: someone cancelled it. The others: it was cancelled automatically because its inviter can no longer invite at its role: they were removed (`inviter_removed`), left (`inviter_left`), got a role that may not invite at it (`inviter_role_changed`), or were no longer a member when Teamhub was upgraded (`inviter_not_a_member`).",
  );

export const invitationEmailStatus = z
  .enum(Object.values(InvitationEmailStatus).map((status) => status.toLowerCase() as Lowercase<InvitationEmailStatus>))
  .nullable()
  .describe(
    "The email of the current link: `queued` (waiting for a worker, or retrying), `sent` (the SMTP server took it), `failed` (its last attempt failed, or the invitation expired before it could be sent). Null when the current link wasn't emailed.",
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
    emailStatus: invitationEmailStatus,
    emailSentAt: timestamp.nullable().describe("When the email of the current link was sent; null unless `emailStatus` is sent."),
  })

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

/**
 * A JSON field as the service's input field takes it, less coercion (the
 * services also take form text, "7" for 7; JSON carries numbers as numbers),
 * with the API's description on the field itself, inside any default.
 */
function jsonField(field: z.ZodType, description: string | null): z.ZodType {
  const def = field.def as z.core.$ZodTypeDef & { coerce?: boolean; innerType?: z.ZodType };
  if (def.innerType) return field.clone({ ...def, innerType: jsonField(def.innerType, description) } as typeof def);
  const strict = def.coerce ? field.clone({ ...def, coerce: false } as typeof def) : field;
  return description ? strict.describe(description) : strict;
}

/**
 * The request body of an operation, made of the input schema of the service it
 * calls (so the API validates exactly what the service does, with the same
 * messages, and its document can't drift from either): the fields the body
 * carries, with their descriptions; unknown fields are refused.
 */
export function jsonBody<S extends z.ZodRawShape, K extends keyof S & string>(input: z.ZodObject<S>, descriptions: Record<K, string | null>) {
  const shape = Object.fromEntries(
    (Object.keys(descriptions) as K[]).map((name) => [name, jsonField(input.shape[name] as z.ZodType, descriptions[name])]),
  ) as unknown as Pick<S, K>;
  return z.strictObject(shape);
}
