import { z } from "zod";
import { InvitationCancelReason, InvitationEmailStatus } from "@/lib/generated/prisma/enums";
import { pageLimit } from "@/lib/pagination";
import { INVITABLE_ROLES, ROLES } from "@/lib/permissions";
import { AUDIT_ACTIONS } from "@/lib/services/audit";
import { INVITE_OUTCOMES } from "@/lib/services/invitations/batch";
import { INVITATION_STATE_NAMES } from "@/lib/services/invitations/view";
import { PROBLEM_CODES } from "./problem";

/**
 * Response shapes of /api/v1, used for the OpenAPI document and its contract
 * tests, and jsonBody, which makes request bodies of the services' input schemas.
 */

/**
 * Enum values as the API spells them: lowercase, as GitHub, Stripe and WorkOS
 * do. The services and the database keep their own values (OWNER); the API
 * maps them here, both ways, from the services' own lists.
 */
export const apiValue = <T extends string>(value: T) => value.toLowerCase() as Lowercase<T>;
export const apiValues = <T extends string>(values: readonly [T, ...T[]]) => values.map(apiValue) as [Lowercase<T>, ...Lowercase<T>[]];
/** A response field of one of the services' values, as the API spells them. */
export const apiEnum = <T extends string>(values: readonly [T, ...T[]] | Record<string, T>) =>
  z.enum(apiValues((Array.isArray(values) ? values : Object.values(values)) as [T, ...T[]]));

/** A request field of one of the services' values: the API's spelling only, given to the service as its value. */
function apiEnumInput<T extends string>(values: readonly [T, ...T[]]) {
  const allowed = apiValues(values);
  return z
    .enum(allowed, { error: `Use one of: ${allowed.join(", ")}.` })
    .transform((value) => values[allowed.indexOf(value)]!);
}

const role = apiEnum(ROLES);
/** The role of an invitation or an API key: never owner. */
const invitableRole = apiEnum(INVITABLE_ROLES);
export const timestamp = z.iso.datetime({ offset: true });
const cursor = z.string().nullable().describe("Pass as `cursor` to get the next page; null on the last page.");

export const organizationOut = z
  .object({ id: z.uuid(), name: z.string(), personal: z.boolean(), role: role.describe("Your role in this organization.") })
  .meta({ examples: [{ id: "1c4b9e7a-3f0e-4d55-8a4c-6e2b1d9f0a22", name: "Acme", personal: false, role: "admin" }] });

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
      { userId: "4b3f6c2e-8d1a-4f5e-9c7b-2a6d8e0f1b3c", name: "Ada Lovelace", email: "ada@example.com", role: "member", joinedAt: "2026-11-02T09:30:00.000Z", lastActiveAt: "2026-11-30T16:05:00.000Z" },
    ],
  });

export const invitationStatus = z.enum(INVITATION_STATE_NAMES);

export const invitationCancelReason = apiEnum(InvitationCancelReason)
  .nullable()
  .describe(
    "Why it was cancelled; null unless `status` is cancelled. `manual`: someone cancelled it. The others: it was cancelled automatically because its inviter can no longer invite at its role: they were removed (`inviter_removed`), left (`inviter_left`), got a role that may not invite at it (`inviter_role_changed`), or were no longer a member when Teamhub was upgraded (`inviter_not_a_member`).",
  );

export const invitationEmailStatus = apiEnum(InvitationEmailStatus)
  .nullable()
  .describe(
    "The email of the current link: `queued` (waiting for a worker, or retrying), `sent` (the SMTP server took it), `failed` (its last attempt failed, or the invitation expired before it could be sent). Null when the current link wasn't emailed.",
  );

export const invitationOut = z
  .object({
    id: z.uuid(),
    email: z.string(),
    role: invitableRole,
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
        role: "member",
        status: "active",
        url: "https://team.example.com/accept-invitation/inv_Xq3p9Lr2Vb7Nc4Md8Kf1Hs6Jt0Wy5Zg2Ae9Ub3Oi7Ql",
        expiresAt: "2026-12-08T09:30:00.000Z",
        createdAt: "2026-12-01T09:30:00.000Z",
        respondedAt: null,
        invitedBy: { id: "9e2d4a6c-1b3f-4e5d-8a7c-6f0b2d4e8a1c", name: "Olivia Owner", email: "olivia@example.com" },
        cancelReason: null,
        emailStatus: "sent",
        emailSentAt: "2026-12-01T09:30:04.000Z",
      },
    ],
  });

const invitationExample = (invitationOut.meta()?.examples as z.infer<typeof invitationOut>[])[0]!;

export const inviteResultOut = z.object({
  email: z.string().describe("The address as it was invited: trimmed and lower-cased (an invalid one as given, trimmed)."),
  status: z
    .enum(INVITE_OUTCOMES)
    .describe(
      "`invited`: a new invitation (in `invitation`, with its link). `already_member`: nothing done. `already_invited`: the address's active invitation is in `invitation` (without its link; resend it for a fresh one). `invalid`: not an email address. `refused`: a limit (active invitations, invitations an hour, emails to one address) or a change while the batch ran refused it; `problem` says which.",
    ),
  invitation: invitationOut.nullable(),
  problem: z
    .object({
      code: z.enum(PROBLEM_CODES),
      detail: z.string(),
      retryAfter: z.number().int().optional().describe("Seconds until a limit lets this address through (RATE_LIMITED)."),
    })
    .nullable()
    .describe("Why the address wasn't invited: the code and message POST /invitations would have answered; null when invited."),
});

/** Answer of POST /invitations/batch: one result per address, repeats counted once, in the order given. */
export const inviteResultsOut = z.object({ results: z.array(inviteResultOut) }).meta({
  examples: [
    {
      results: [
        { email: invitationExample.email, status: "invited", invitation: invitationExample, problem: null },
        {
          email: "grace@example.com",
          status: "already_member",
          invitation: null,
          problem: { code: "CONFLICT", detail: "grace@example.com is already a member of this organization." },
        },
        { email: "not-an-address", status: "invalid", invitation: null, problem: { code: "VALIDATION", detail: "Enter a valid email address, like name@example.com." } },
        {
          email: "alan@example.com",
          status: "refused",
          invitation: null,
          problem: {
            code: "RATE_LIMITED",
            detail: "This organization sent 50 invitations in the last hour, the most allowed. Try again in 12 minutes.",
            retryAfter: 700,
          },
        },
      ],
    },
  ],
});

export const auditEntryOut = z
  .object({
    id: z.string(),
    action: z.enum(AUDIT_ACTIONS),
    sentence: z.string().describe("What happened, in words: \"Olivia Owner changed Ada Lovelace's role from Member to Admin\"."),
    createdAt: timestamp,
    actor: z.object({ userId: z.uuid().nullable(), apiKeyId: z.uuid().nullable(), name: z.string(), email: z.string().nullable() }),
    target: z.object({ type: z.string(), id: z.string(), label: z.string().nullable() }).nullable(),
    details: z.record(z.string(), z.unknown()).describe("What the action recorded, by action (roles spelled as everywhere in the API: `member.role_changed` has `from` and `to`)."),
    ip: z.string().nullable(),
  })
  .meta({
    examples: [
      {
        id: "1042",
        action: "member.role_changed",
        sentence: "Olivia Owner changed Ada Lovelace's role from Member to Admin",
        createdAt: "2026-12-01T10:15:00.000Z",
        actor: { userId: "9e2d4a6c-1b3f-4e5d-8a7c-6f0b2d4e8a1c", apiKeyId: null, name: "Olivia Owner", email: "olivia@example.com" },
        target: { type: "member", id: "4b3f6c2e-8d1a-4f5e-9c7b-2a6d8e0f1b3c", label: "ada@example.com" },
        details: { from: "member", to: "admin", name: "Ada Lovelace" },
        ip: "203.0.113.7",
      },
    ],
  });

export const apiKeyOut = z.object({
  id: z.uuid(),
  name: z.string(),
  role: invitableRole,
  prefix: z.string().describe("The secret's first characters, to tell keys apart."),
  status: z
    .enum(["active", "suspended", "revoked", "expired"])
    .describe("`suspended`: its creator's role is now below the key's, so it is refused until they get it back."),
  createdAt: timestamp,
  expiresAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
  lastUsedAt: timestamp.nullable(),
  createdBy: z.object({ id: z.uuid().nullable(), name: z.string(), email: z.string() }),
}).meta({
  examples: [
    {
      id: "3e5a7c9b-1d2f-4a6e-8c0b-9f7d5b3a1e2c",
      name: "HR sync",
      role: "member",
      prefix: "thk_Q7x2",
      status: "active",
      createdAt: "2026-11-20T08:00:00.000Z",
      expiresAt: null,
      revokedAt: null,
      lastUsedAt: "2026-12-01T07:45:00.000Z",
      createdBy: { id: "9e2d4a6c-1b3f-4e5d-8a7c-6f0b2d4e8a1c", name: "Olivia Owner", email: "olivia@example.com" },
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
 * with enum values as the API spells them, and with the API's description on
 * the field itself, inside any default.
 */
function jsonField(field: z.ZodType, description: string | null): z.ZodType {
  const def = field.def as z.core.$ZodTypeDef & { coerce?: boolean; innerType?: z.ZodType };
  if (def.innerType) return field.clone({ ...def, innerType: jsonField(def.innerType, description) } as typeof def);
  const options = def.type === "enum" ? ((field as z.ZodEnum).options as string[]) : [];
  const strict = options.some((option) => option !== apiValue(option))
    ? apiEnumInput(options as [string, ...string[]])
    : def.coerce
      ? field.clone({ ...def, coerce: false } as typeof def)
      : field;
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
