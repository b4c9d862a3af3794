// @ts-check
/**
 * Pages that failed because the database was unavailable answer 503 with Retry-After and a page
 * that needs no JavaScript, instead of Next.js's 500.
 *
 * Next.js answers 500 for any page that failed to render (a page can't choose 503), and that
 * HTML is an empty shell that shows app/error.tsx only once client JavaScript runs. So the HTTP
 * server (lib/cli/server.cjs) runs each request in a scope that lib/db/client.ts marks when it
 * turns a database error into SERVICE_UNAVAILABLE, and sends BUSY_PAGE instead of a marked page
 * request's 5xx. Left to Next.js: /api (it answers 503 problem+json itself), and server actions
 * and client-side navigations (Next-Action / RSC requests), whose answers Next's client code reads
 * and shows as the busy message. (A page that streamed its first HTML before failing has sent its
 * 200 already; its error boundary shows the message. No page of ours streams before its data.)
 */
const { AsyncLocalStorage } = require("node:async_hooks");
const { createHash } = require("node:crypto");
const { SERVICE_UNAVAILABLE_MESSAGE, SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS } = require("../db/service-unavailable.cjs");

/** @typedef {{ databaseUnavailable: boolean }} RequestScope */

// The app's bundled copy of this module and the server's own copy must share one store: it lives on globalThis.
const shared = /** @type {{ [key: symbol]: AsyncLocalStorage<RequestScope> | undefined }} */ (/** @type {unknown} */ (globalThis));
const SCOPE_KEY = Symbol.for("teamhub.request-scope");
const requestScope = (shared[SCOPE_KEY] ??= new AsyncLocalStorage());

/** Notes that the current request couldn't get the database (a no-op outside lib/cli/server.cjs, e.g. in tests). */
function markDatabaseUnavailable() {
  const scope = requestScope.getStore();
  if (scope) scope.databaseUnavailable = true;
}

const STYLE =
  "body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;font-family:system-ui,sans-serif;background:#f8fafc;color:#0f172a}" +
  "main{max-width:24rem;margin:1rem;padding:1.5rem;border:1px solid #e2e8f0;border-radius:.75rem;background:#fff;text-align:center}" +
  "h1{font-size:1.125rem}p{color:#475569}a{color:#0f172a;font-weight:600}";

// href="" is the very URL the browser asked for (query included), without echoing the request into the page.
const BUSY_PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>The service is busy</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>The service is busy</h1>
<p>${SERVICE_UNAVAILABLE_MESSAGE}</p>
<p><a href="">Try again</a></p>
</main>
</body>
</html>
`;

const BUSY_HEADERS = {
  "Content-Type": "text/html; charset=utf-8",
  "Content-Length": Buffer.byteLength(BUSY_PAGE),
  "Cache-Control": "no-store",
  "Retry-After": String(SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS),
  // Replaces the page's nonce-based policy: nothing here runs or loads, only its own style applies.
  "Content-Security-Policy": `default-src 'none'; style-src 'sha256-${createHash("sha256").update(STYLE).digest("base64")}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
};

// Headers that described the body Next.js would have sent (Content-Encoding is its gzip's); the others (security headers, cookies) stay.
const NEXT_BODY_HEADERS = ["content-encoding", "etag", "last-modified", "link", "x-nextjs-cache", "x-nextjs-prerender", "x-nextjs-stale-time"];

/** @param {import("node:http").IncomingMessage} request */
function isPageRequest(request) {
  if (request.headers["next-action"] !== undefined || request.headers.rsc !== undefined) return false;
  return !/^\/api(?:[/?]|$)/.test(request.url ?? "");
}

/**
 * Runs `handle` (Next's request handler) in a fresh request scope. If it answers a page request 500
 * or more after the database was unavailable, the client gets 503 with BUSY_PAGE instead.
 *
 * Next.js (and its gzip, which wraps write/end above these) sends the head through writeHead, called
 * directly or from within write/end/flushHeaders; its body reaches write/end, here swallowed until
 * its end sends BUSY_PAGE, so the response still finishes when Next.js is done with it.
 *
 * @template T
 * @param {import("node:http").IncomingMessage} request
 * @param {import("node:http").ServerResponse} response
 * @param {() => T} handle
 * @returns {T}
 */
function handleInRequestScope(request, response, handle) {
  /** @type {RequestScope} */
  const scope = { databaseUnavailable: false };
  if (isPageRequest(request)) {
    const { writeHead, write, end } = response;
    let busy = false;
    /** @param {number} status */
    const failedForLackOfDatabase = (status) => status >= 500 && scope.databaseUnavailable;

    response.writeHead = /** @type {typeof writeHead} */ (
      function (/** @type {number} */ status, /** @type {any[]} */ ...rest) {
        if (busy || !failedForLackOfDatabase(status)) return writeHead.call(this, status, ...rest);
        busy = true;
        for (const name of NEXT_BODY_HEADERS) this.removeHeader(name);
        return writeHead.call(this, 503, BUSY_HEADERS);
      }
    );
    // Node would write the head from within write/end and then Next's chunk after it: decide first.
    const decide = () => {
      if (!response.headersSent && failedForLackOfDatabase(response.statusCode)) response.writeHead(response.statusCode);
    };
    response.write = /** @type {typeof write} */ (
      function (/** @type {any[]} */ ...args) {
        decide();
        if (!busy) return write.apply(this, /** @type {Parameters<typeof write>} */ (args));
        const callback = args.find((arg) => typeof arg === "function");
        if (callback) process.nextTick(callback);
        return true;
      }
    );
    response.end = /** @type {typeof end} */ (
      function (/** @type {any[]} */ ...args) {
        decide();
        if (!busy) return end.apply(this, /** @type {Parameters<typeof end>} */ (args));
        return end.call(this, BUSY_PAGE, args.find((arg) => typeof arg === "function"));
      }
    );
  }
  return requestScope.run(scope, handle);
}

module.exports = { handleInRequestScope, markDatabaseUnavailable, BUSY_PAGE };
