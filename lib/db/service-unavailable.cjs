// @ts-check
/**
 * What a request the database couldn't serve in time is told (lib/db/unavailable.ts). Plain
 * CommonJS so that both the app (lib/errors.ts: problem+json, form messages, app/error.tsx) and the
 * HTTP server in front of it (lib/cli/busy-page.cjs, run without a TypeScript loader) say the same.
 */
const SERVICE_UNAVAILABLE_MESSAGE = "The service is busy right now. Please try again in a few seconds.";
const SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

module.exports = { SERVICE_UNAVAILABLE_MESSAGE, SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS };
