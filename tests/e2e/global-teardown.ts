import type { ProductionServer } from "../helpers/production-server";

export default async function globalTeardown() {
  await ((globalThis as Record<string, unknown>).__TEAMHUB_E2E__ as ProductionServer | undefined)?.stop();
}
