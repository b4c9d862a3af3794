import { getOrganization } from "@/lib/services/organizations";
import { defineEndpoint } from "../endpoint";
import { organizationOut } from "../schemas";

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
    return { id: organization.id, name: organization.name, personal: organization.personal, role: actor.role };
  },
});
