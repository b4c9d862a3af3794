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
  .meta({ examples: [{ id: "1c4b9e7a-3f0e-4d55-8a4c-6e2b1d9f0a22", name: "Acme", personal: false, role: "ADMIN" }] });

export const memberOut = z
  .object({
    userId: z.uuid(),
    name: z.string(),
    email: z.string().nullable().describe("Null unless you are an Owner or Admin (or it is you)."),
    role,
    joinedAt: timestamp,
    lastActiveAt: timestamp.nullable(),
  })
  .meta({
    examples: [
      { userId: "4b3f6c2e-8d1a-4f5e-9c7b-2a6d8e0f1b3c", name: "Ada Lovelace", email: "ada@example.com", role: "MEMBER", joinedAt: "2026-11-02T09:30:00.000Z", lastActiveAt: "2026-11-30T16:05:00.000Z" },
    ],
  });

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
  .meta({
    examples: [
      {
        id: "7d1e3b5a-9c2f-4a6e-8b0d-1f3a5c7e9b2d",
        email: "ada@example.com",
        role: "MEMBER",
        status: "active",
        url: "https://team.example.com/accept-invitation/inv_Xq3p9Lr2Vb7Nc4Md8Kf1Hs6Jt0Wy5Zg2Ae9Ub3Oi7Ql",
        expiresAt: "2026-12-08T09:30:00.000Z",
        createdAt: "2026-12-01T09:30:00.000Z",
        respondedAt: null,
        invitedBy: { id: "9e2d4a6c-1b3f-4e5d-8a7c-6f0b2d4e8a1c", name: "Olivia Owner", email: "olivia@example.com" },
        cancelReason: null,
        emailStatus: "queued",
        emailSentAt: null,
      },
    ],
  });

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
  .meta({
    examples: [
      {
        id: "1042",
        action: "member.role_changed",
        createdAt: "2026-12-01T10:15:00.000Z",
        actor: { userId: "9e2d4a6c-1b3f-4e5d-8a7c-6f0b2d4e8a1c", apiKeyId: null, name: "Olivia Owner", email: "olivia@example.com" },
        target: { type: "member", id: "4b3f6c2e-8d1a-4f5e-9c7b-2a6d8e0f1b3c", label: "ada@example.com" },
        details: { from: "MEMBER", to: "ADMIN" },
        ip: "203.0.113.7",
      },
    ],
  });

/** A page of items; its example is a page of the item's examples. */
export const pageOf = <T extends z.ZodType>(item: T) => {
  const items = (item.meta()?.examples as unknown[] | undefined) ?? [];
  return z.object({ data: z.array(item), nextCursor: cursor }).meta({ examples: [{ data: items, nextCursor: "eyJqb2luZWRBdCI6IjIwMjYtMTEtMDJUMDk6MzA6MDAuMDAwWiJ9" }] });
};

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
  .meta({
    examples: [
      {
        type: "/api-docs#problem-validation",
        title: "Unprocessable Content",
        status: 422,
        detail: "Some fields need attention.",
        code: "VALIDATION",
        errors: { email: ["Enter a valid email address, like name@example.com."] },
      },
    ],
  });

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
