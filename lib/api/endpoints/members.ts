import { z } from "zod";
import { changeMemberRole, changeMemberRoleInput, listMembers, removeMember } from "@/lib/services/members";
import { idSchema } from "@/lib/validation";
import { defineEndpoint } from "../endpoint";
import { memberJson } from "../serialize";
import { jsonBody, memberOut, pageOf, pageQuery } from "../schemas";

const userIdParams = z.strictObject({ userId: idSchema.describe("The member's user id.") });

export const listMembersEndpoint = defineEndpoint({
  operationId: "listMembers",
  method: "GET",
  path: "/members",
  summary: "List members",
  description: "Everyone in the organization, in joining order, a page at a time. Members (the role) see names, roles and join dates only.",
  query: z.strictObject({
    q: z.string().max(200).optional().describe("Matches name or email (name only for Members)."),
    ...pageQuery,
  }),
  success: { status: 200, schema: pageOf(memberOut), description: "A page of members." },
  errors: ["VALIDATION"],
  async run({ actor, query }) {
    const page = await listMembers(actor, query);
    return { data: page.data.map(memberJson), nextCursor: page.nextCursor };
  },
});

export const changeMemberRoleEndpoint = defineEndpoint({
  operationId: "changeMemberRole",
  method: "PATCH",
  path: "/members/{userId}",
  summary: "Change a member's role",
  description: "Owners and Admins. Only Owners grant or revoke Owner. Nobody changes their own role, and the organization keeps at least one Owner.",
  params: userIdParams,
  body: jsonBody(changeMemberRoleInput, { role: null }).meta({ examples: [{ role: "admin" }] }),
  success: { status: 200, schema: memberOut, description: "The member with their new role." },
  errors: ["FORBIDDEN", "NOT_FOUND", "CONFLICT", "VALIDATION", "BAD_REQUEST", "UNSUPPORTED_MEDIA_TYPE", "PAYLOAD_TOO_LARGE"],
  async run({ actor, params, body }) {
    return memberJson(await changeMemberRole(actor, { userId: params.userId, role: body.role }));
  },
});

export const removeMemberEndpoint = defineEndpoint({
  operationId: "removeMember",
  method: "DELETE",
  path: "/members/{userId}",
  summary: "Remove a member",
  description: "Owners and Admins; only Owners remove Owners. You can't remove yourself, nor the last Owner.",
  params: userIdParams,
  success: { status: 204, description: "Removed." },
  errors: ["FORBIDDEN", "NOT_FOUND", "CONFLICT", "VALIDATION"],
  async run({ actor, params }) {
    await removeMember(actor, params);
    return null;
  },
});
