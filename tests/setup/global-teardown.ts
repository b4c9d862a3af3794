import { dropDatabase } from "@/lib/db/admin";
import type { EmbeddedServer } from "@/lib/db/embedded";

export default async function globalTeardown() {
  const server = (globalThis as Record<string, unknown>).__TEAMHUB_TEST_SERVER__ as EmbeddedServer | undefined;
  if (server) {
    await server.stop();
    return;
  }
  await dropDatabase(process.env.TEST_DATABASE_SERVER_URL!, process.env.TEST_DATABASE_TEMPLATE!);
}
