import { z } from "zod";
import { INVITATION_DAYS, MAX_INVITATIONS_PER_BATCH } from "@/lib/config/fixed-limits";
import { appOriginOf } from "@/lib/http/origin";
import {
  cancelInvitation,
  createInvitation,
  createInvitationInput,
  getInvitation,
  getInvitationLink,
  listInvitations,
  resendInvitation,
} from "@/lib/services/invitations/manage";
import { inviteMany, inviteManyInput } from "@/lib/services/invitations/batch";
import { idSchema } from "@/lib/validation";
import { defineEndpoint } from "../endpoint";
import { invitationJson, inviteResultJson } from "../serialize";
import { invitationOut, invitationStatus, inviteResultsOut, jsonBody, pageOf, pageQuery } from "../schemas";

const idParams = z.strictObject({ id: idSchema.describe("The invitation id.") });
const bodyErrors = ["BAD_REQUEST", "UNSUPPORTED_MEDIA_TYPE", "PAYLOAD_TOO_LARGE"] as const;

export const listInvitationsEndpoint = defineEndpoint({
  operationId: "listInvitations",
  method: "GET",
  path: "/invitations",
  summary: "List invitations",
  description: "Owners and Admins. Newest first, optionally of one status.",
  query: z.strictObject({
    status: invitationStatus.optional(),
    ...pageQuery,
  }),
  success: { status: 200, schema: pageOf(invitationOut), description: "A page of invitations." },
  errors: ["FORBIDDEN", "VALIDATION"],
  async run({ actor, query }) {
    const page = await listInvitations(actor, { state: query.status, cursor: query.cursor, limit: query.limit });
    return { data: page.data.map((invitation) => invitationJson(invitation)), nextCursor: page.nextCursor };
  },
});

export const createInvitationEndpoint = defineEndpoint({
  operationId: "createInvitation",
  method: "POST",
  path: "/invitations",
  summary: "Create an invitation link",
  description:
    "Owners and Admins invite an email address as `admin` or `member`, and get the link to share. With `sendEmail` (the default when the server sends email), Teamhub also emails the address a link of its own: accepting through it verifies the address. Send an Idempotency-Key header to retry safely: the same key and body within 24 hours returns the first response.",
  body: jsonBody(createInvitationInput, {
    email: null,
    role: null,
    expiresInDays: `Days until the link expires, ${INVITATION_DAYS.min} to ${INVITATION_DAYS.max} (default ${INVITATION_DAYS.default}).`,
    sendEmail:
      "Email the invitation to the address (follow it with `emailStatus`). Default: true when the server has email set up (SMTP_URL), false otherwise; true on a server without email is refused with 409. At most 5 invitation emails an hour reach one address (429).",
  }).meta({ examples: [{ email: "ada@example.com", role: "member", expiresInDays: 7, sendEmail: true }] }),
  idempotent: { permission: "invitation:create" },
  success: { status: 201, schema: invitationOut, description: "The invitation, with its link." },
  errors: ["FORBIDDEN", "CONFLICT", "VALIDATION", "RATE_LIMITED", ...bodyErrors],
  async run({ actor, body, request }) {
    const invitation = await createInvitation(actor, body, appOriginOf(request.headers));
    return invitationJson(invitation, invitation.url);
  },
});

export const inviteManyEndpoint = defineEndpoint({
  operationId: "createInvitationBatch",
  method: "POST",
  path: "/invitations/batch",
  summary: "Invite many addresses at once",
  description: `Owners and Admins invite up to ${MAX_INVITATIONS_PER_BATCH} addresses with one role, expiry and \`sendEmail\`. Each address is invited as POST /invitations would invite it, in its own transaction, with every limit applying: one refused address doesn't stop the others. Answers 200 with a result per address (an address repeated in any letter case counts once), in the order given. Refused as a whole, creating nothing: a caller who may not invite (403), \`sendEmail\` true on a server without email (409), or more than ${MAX_INVITATIONS_PER_BATCH} addresses (422). Send an Idempotency-Key header to retry safely: the same key and body within 24 hours returns the first response.`,
  body: jsonBody(inviteManyInput, {
    emails: `The addresses to invite, 1 to ${MAX_INVITATIONS_PER_BATCH}. Each is checked on its own: an invalid one is answered as \`invalid\`, not refused with the request.`,
    role: "The role every invitation carries.",
    expiresInDays: `Days until the links expire, ${INVITATION_DAYS.min} to ${INVITATION_DAYS.max} (default ${INVITATION_DAYS.default}).`,
    sendEmail: "Email each address its invitation, as in POST /invitations (default: true when the server has email set up).",
  }).meta({ examples: [{ emails: ["ada@example.com", "grace@example.com", "not-an-address", "alan@example.com"], role: "member", expiresInDays: 7, sendEmail: true }] }),
  idempotent: { permission: "invitation:create" },
  success: { status: 200, schema: inviteResultsOut, description: "What happened to each address." },
  errors: ["FORBIDDEN", "CONFLICT", "VALIDATION", ...bodyErrors],
  async run({ actor, body, request }) {
    const outcomes = await inviteMany(actor, body, appOriginOf(request.headers));
    return { results: outcomes.map(inviteResultJson) };
  },
});

export const getInvitationEndpoint = defineEndpoint({
  operationId: "getInvitation",
  method: "GET",
  path: "/invitations/{id}",
  summary: "An invitation and its current status",
  params: idParams,
  success: { status: 200, schema: invitationOut, description: "The invitation; `url` is set while it is active." },
  errors: ["FORBIDDEN", "NOT_FOUND", "VALIDATION"],
  async run({ actor, params, request }) {
    const invitation = await getInvitation(actor, params);
    // An invitation can expire between the two reads: then it simply has no link.
    const link = invitation.state === "ACTIVE" ? await getInvitationLink(actor, params, appOriginOf(request.headers)).catch(() => null) : null;
    return invitationJson(invitation, link?.url ?? null);
  },
});

export const cancelInvitationEndpoint = defineEndpoint({
  operationId: "cancelInvitation",
  method: "POST",
  path: "/invitations/{id}/cancel",
  summary: "Cancel an active invitation",
  description: "Its link stops working at once.",
  params: idParams,
  success: { status: 200, schema: invitationOut, description: "The cancelled invitation." },
  errors: ["FORBIDDEN", "NOT_FOUND", "CONFLICT", "VALIDATION"],
  async run({ actor, params }) {
    return invitationJson(await cancelInvitation(actor, params));
  },
});

export const resendInvitationEndpoint = defineEndpoint({
  operationId: "resendInvitation",
  method: "POST",
  path: "/invitations/{id}/resend",
  summary: "Resend an active or expired invitation",
  description:
    "A fresh link and a fresh expiry; the old link stops working. An invitation that was emailed (`emailStatus` not null) is emailed again while the server has email set up; to email one that wasn't, cancel it and create it again with `sendEmail`.",
  params: idParams,
  success: { status: 200, schema: invitationOut, description: "The invitation with its new link." },
  errors: ["FORBIDDEN", "NOT_FOUND", "CONFLICT", "VALIDATION", "RATE_LIMITED"],
  async run({ actor, params, request }) {
    const invitation = await resendInvitation(actor, params, appOriginOf(request.headers));
    return invitationJson(invitation, invitation.url);
  },
});
