import { z } from "zod";
import { INVITATION_DAYS } from "@/lib/config/fixed-limits";
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
import { idSchema } from "@/lib/validation";
import { defineEndpoint } from "../endpoint";
import { invitationJson } from "../serialize";
import { invitationOut, invitationStatus, jsonBody, pageOf, pageQuery } from "../schemas";

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
    "Owners and Admins invite an email address as ADMIN or MEMBER, and get the link to share. With `sendEmail` (the default when the server sends email), Teamhub also emails the address a link of its own: accepting through it verifies the address. Send an Idempotency-Key header to retry safely: the same key and body within 24 hours returns the first response.",
  body: jsonBody(createInvitationInput, {
    email: null,
    role: null,
    expiresInDays: `Days until the link expires, ${INVITATION_DAYS.min} to ${INVITATION_DAYS.max} (default ${INVITATION_DAYS.default}).`,
    sendEmail:
      "Email the invitation to the address (follow it with `emailStatus`). Default: true when the server has email set up (SMTP_URL), false otherwise; true on a server without email is refused with 409. At most 5 invitation emails an hour reach one address (429).",
  }).meta({ examples: [{ email: "ada@example.com", role: "MEMBER", expiresInDays: 7, sendEmail: true }] }),
  idempotent: { permission: "invitation:create" },
  success: { status: 201, schema: invitationOut, description: "The invitation, with its link." },
  errors: ["FORBIDDEN", "CONFLICT", "VALIDATION", "RATE_LIMITED", ...bodyErrors],
  async run({ actor, body, request }) {
    const invitation = await createInvitation(actor, body, appOriginOf(request.headers));
    return invitationJson(invitation, invitation.url);
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
