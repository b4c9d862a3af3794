import type * as OrganizationEndpoints from "@/lib/api/endpoints/organization";
import type * as Invitations from "@/lib/services/invitations/manage";
import type * as Api from "../helpers/api";
import type * as Factories from "../helpers/factories";

// lib/config/limits.ts reads these once, when first loaded: set them before anything loads it
// (type imports above are erased; the modules are required below).
process.env.MAX_ACTIVE_INVITATIONS = "2";
process.env.MAX_INVITATIONS_PER_HOUR = "3";
process.env.API_REQUESTS_PER_MINUTE_PER_CALLER = "2";
process.env.API_REQUESTS_PER_MINUTE_PER_ORGANIZATION = "3";

jest.mock("next-auth/jwt", () => jest.requireActual("../helpers/next-auth-jwt").nextAuthJwt);

/**
 * Limits set through the environment (README, Configuration) are the ones the services and the API
 * enforce: here far below their defaults, so a few calls reach them.
 */

const { getOrganizationEndpoint } = require("@/lib/api/endpoints/organization") as typeof OrganizationEndpoints;
const { cancelInvitation, createInvitation } = require("@/lib/services/invitations/manage") as typeof Invitations;
const { callApi } = require("../helpers/api") as typeof Api;
const { createApiKeyActor, createTeam } = require("../helpers/factories") as typeof Factories;

const origin = "https://teamhub.example";
const invite = (actor: Parameters<typeof createInvitation>[0], email: string) => createInvitation(actor, { email, role: "MEMBER" }, origin);

describe("limits configured through the environment", () => {
  it("cap active invitations at MAX_ACTIVE_INVITATIONS and sends an hour at MAX_INVITATIONS_PER_HOUR", async () => {
    const { owner } = await createTeam();
    const first = await invite(owner, "first@example.com");
    const second = await invite(owner, "second@example.com");
    await expect(invite(owner, "third@example.com")).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This organization has 2 active invitations, the most allowed. Cancel some first.",
    });
    await cancelInvitation(owner, { id: first.id });
    await invite(owner, "third@example.com");
    await cancelInvitation(owner, { id: second.id });
    await expect(invite(owner, "fourth@example.com")).rejects.toMatchObject({ code: "RATE_LIMITED", message: expect.stringContaining("sent 3 invitations in the last hour") });
  });

  it("limit /api/v1 requests per caller to API_REQUESTS_PER_MINUTE_PER_CALLER and per organization to API_REQUESTS_PER_MINUTE_PER_ORGANIZATION", async () => {
    const { owner } = await createTeam();
    const [one, two] = [await createApiKeyActor(owner, "MEMBER", "one"), await createApiKeyActor(owner, "MEMBER", "two")];
    const answers = [];
    for (const key of [one.secret, one.secret, one.secret, two.secret, two.secret]) {
      const { status, headers } = await callApi(getOrganizationEndpoint, { key });
      answers.push({ status, limit: headers.get("ratelimit-limit") });
    }
    // The third request, refused for its key, counts for the organization neither: the fourth fits.
    expect(answers).toEqual([
      { status: 200, limit: expect.any(String) },
      { status: 200, limit: expect.any(String) },
      { status: 429, limit: "2" },
      { status: 200, limit: "3" },
      { status: 429, limit: "3" },
    ]);
  });
});
