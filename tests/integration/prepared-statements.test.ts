// One connection, so every statement below runs on the connection this test then looks at.
process.env.DATABASE_POOL_SIZE = "1";

import { query } from "@/lib/db/client";
import { createInvitationEndpoint } from "@/lib/api/endpoints/invitations";
import { listMembersEndpoint } from "@/lib/api/endpoints/members";
import { Prisma } from "@/lib/generated/prisma/client";
import { callApi, createApiTeam } from "../helpers/api";

jest.mock("next-auth/jwt", () => jest.requireActual("../helpers/next-auth-jwt").nextAuthJwt);

/**
 * The statements every API request runs are prepared statements of their own: PostgreSQL parses
 * and plans each once per connection, not on every request (issue 10: planning was most of the
 * time PostgreSQL spent on an API read).
 */
it("prepares the statements of API requests once per connection and runs them again by name", async () => {
  const { adminKey } = await createApiTeam();
  const prepared = () =>
    query<{ name: string; statement: string; calls: number }>(Prisma.sql`
      SELECT name, statement, (generic_plans + custom_plans)::int AS calls FROM pg_prepared_statements WHERE name LIKE 'teamhub\\_%'`);
  for (let i = 0; i < 3; i += 1) expect((await callApi(listMembersEndpoint, { key: adminKey.secret })).status).toBe(200);
  const afterReads = await prepared();
  // The key found and the request counted (the set-up found its keys with a statement of its own).
  const caller = afterReads.filter((row) => /^\s*WITH caller AS/.test(row.statement) && row.statement.includes("rate_limit_buckets"));
  const list = afterReads.filter((row) => /FROM members m JOIN users u/.test(row.statement));
  expect(caller).toHaveLength(1);
  expect(list).toHaveLength(1);
  expect(caller[0]!.calls).toBe(3);
  expect(list[0]!.calls).toBe(3);

  const body = { email: "prepared@example.com", role: "member" };
  expect((await callApi(createInvitationEndpoint, { key: adminKey.secret, body })).status).toBe(201);
  const create = (await prepared()).filter((row) => /INSERT INTO invitations/.test(row.statement));
  expect(create).toHaveLength(1);
  // Every name stands for one text.
  const names = (await prepared()).map((row) => row.name);
  expect(new Set(names).size).toBe(names.length);
});
