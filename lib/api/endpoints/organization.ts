import { z } from "zod";
import { getOrganization } from "@/lib/services/organizations";
import { transferOwnership, transferOwnershipInput } from "@/lib/services/ownership";
import { defineEndpoint } from "../endpoint";
import { memberJson } from "../serialize";
import { apiValue, jsonBody, memberOut, organizationOut } from "../schemas";

export const getOrganizationEndpoint = defineEndpoint({
  operationId: "getOrganization",
  method: "GET",
  path: "/organization",
  summary: "The organization you act in, and your role there",
  description: "With an API key: the key's organization and the key's role. With a session: your active organization.",
  success: { status: 200, schema: organizationOut, description: "The organization." },
  errors: [],
  async run({ actor }) {
    const organization = await getOrganization(actor);
    return { id: organization.id, name: organization.name, personal: organization.personal, role: apiValue(actor.role) };
  },
});

const transferOut = z
  .object({
    owner: memberOut.extend({ role: z.literal("owner") }).describe("The member who is now Owner."),
    previousOwner: memberOut.extend({ role: z.literal("admin") }).describe("You, now an Admin."),
  })
  .meta({
    examples: [
      {
        owner: { userId: "4b3f6c2e-8d1a-4f5e-9c7b-2a6d8e0f1b3c", name: "Ada Lovelace", email: "ada@example.com", role: "owner", joinedAt: "2026-11-02T09:30:00.000Z", lastActiveAt: "2026-11-30T16:05:00.000Z" },
        previousOwner: { userId: "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b", name: "Grace Hopper", email: "grace@example.com", role: "admin", joinedAt: "2026-10-01T08:00:00.000Z", lastActiveAt: "2026-12-01T10:00:00.000Z" },
      },
    ],
  });

export const transferOwnershipEndpoint = defineEndpoint({
  operationId: "transferOwnership",
  method: "POST",
  path: "/organization/transfer-ownership",
  summary: "Transfer ownership to a member",
  description:
    "Owners only, with a session (API keys never carry the Owner role). The member becomes Owner and you become Admin, in one step. Not in a personal organization, not to yourself or to an Owner; someone who isn't a member answers 404.",
  body: jsonBody(transferOwnershipInput, { userId: "The user id of the member who becomes Owner." }).meta({
    examples: [{ userId: "4b3f6c2e-8d1a-4f5e-9c7b-2a6d8e0f1b3c" }],
  }),
  success: { status: 200, schema: transferOut, description: "The new Owner, and you as Admin." },
  errors: ["FORBIDDEN", "NOT_FOUND", "VALIDATION", "BAD_REQUEST", "UNSUPPORTED_MEDIA_TYPE", "PAYLOAD_TOO_LARGE"],
  async run({ actor, body }) {
    const { owner, previousOwner } = await transferOwnership(actor, body);
    return { owner: memberJson(owner), previousOwner: memberJson(previousOwner) };
  },
});
