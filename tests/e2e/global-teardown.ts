import { stopAll, type E2EState } from "./global-setup";

export default async function globalTeardown() {
  await stopAll((globalThis as Record<string, unknown>).__TEAMHUB_E2E__ as E2EState | undefined);
}
