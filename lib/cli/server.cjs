// @ts-check
/**
 * The HTTP server of `npm start` (and of `npm run dev`, with --dev): Next.js's request handler behind
 * a plain Node server that records who is really connected. `next start`
 * keeps any X-Forwarded-For a client sends, so a client could choose the
 * address per-address rate limits count against; here the socket's address
 * is always appended, as a proxy would, and lib/http/client-ip.ts reads the entry
 * TRUSTED_PROXY_HOPS places from the right. Without trusted proxies, the
 * forwarded host and protocol a client claims are dropped too. Pages that
 * failed for lack of the database answer 503 with a busy page (busy-page.cjs).
 *
 * Usage: node lib/cli/server.cjs [--dev] [-p|--port <port>] [-H|--hostname <host>]
 * (as `next dev` / `next start` take them; else PORT and HOSTNAME from the environment;
 * DATABASE_URL and AUTH_SECRET from the environment).
 */
const http = require("node:http");
const path = require("node:path");
const { parsePort } = require("../config/port.cjs");
const { handleInRequestScope } = require("./busy-page.cjs");

const USAGE = "Options: -p, --port <port> (default: PORT or 3000); -H, --hostname <host> (default: HOSTNAME or 0.0.0.0).";

/**
 * The options `npm run dev -- …` and `npm start -- …` pass on, as `next dev` and `next start` read them:
 * `-p 3001`, `-p3001`, `--port 3001`, `--port=3001`, and the same for -H/--hostname. Anything else is refused.
 *
 * @param {string[]} args
 * @param {Record<string, string | undefined>} env
 * @returns {{ dev: boolean, port: number, hostname: string }}
 */
function parseServerArguments(args, env) {
  let dev = false;
  let port = env.PORT ? parsePort(env.PORT, "PORT") : 3000;
  let hostname = env.HOSTNAME || "0.0.0.0";
  for (let i = 0; i < args.length; i += 1) {
    const arg = /** @type {string} */ (args[i]);
    if (arg === "--dev") {
      dev = true;
      continue;
    }
    const match = /^(?:(-p|--port|-H|--hostname)(?:=(.*))?|(-p|-H)(.+))$/.exec(arg);
    if (!match) throw new Error(`Unknown argument "${arg}". ${USAGE}`);
    const option = match[1] ?? match[3];
    const value = match[2] ?? match[4] ?? args[(i += 1)];
    if (value === undefined || value === "") throw new Error(`${option} needs a value. ${USAGE}`);
    if (option === "-p" || option === "--port") port = parsePort(value, option);
    else hostname = value;
  }
  return { dev, port, hostname };
}

/**
 * @param {http.IncomingHttpHeaders} headers
 * @param {string | undefined} peer the socket's remote address
 * @param {number} trustedHops
 */
function recordPeer(headers, peer, trustedHops) {
  if (trustedHops === 0) {
    for (const name of ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip"]) delete headers[name];
  }
  if (!peer) return;
  const forwarded = headers["x-forwarded-for"];
  const previous = Array.isArray(forwarded) ? forwarded.join(", ") : forwarded;
  headers["x-forwarded-for"] = previous ? `${previous}, ${peer}` : peer;
}

/**
 * Node options the server process is started with (by `npm start`, `npm run dev` and bench:http):
 * a larger young generation (64 MB semi-spaces). Rendering a page allocates a lot of short-lived objects; with V8's
 * default 16 MB semi-space the server spent ~10% of its CPU in scavenges on /members, ~6% with
 * 64 MB (issue 10), for up to ~100 MB more memory at peak.
 */
const SERVER_NODE_OPTIONS = ["--max-semi-space-size=64"];

function trustedHops() {
  const hops = Number(process.env.TRUSTED_PROXY_HOPS ?? 0);
  return Number.isInteger(hops) && hops > 0 ? hops : 0;
}

async function main() {
  // The package exports the function itself (its types describe an ES module default export).
  const next = /** @type {typeof import("next").default} */ (/** @type {unknown} */ (require("next")));
  const { dev, port, hostname } = parseServerArguments(process.argv.slice(2), process.env);
  const hops = trustedHops();
  const server = http.createServer();
  // httpServer: in development Next serves hot reloading over this server's WebSocket upgrades.
  const app = next({ dev, dir: path.resolve(__dirname, "../.."), port, hostname, httpServer: server });
  await app.prepare();
  const handle = app.getRequestHandler();
  server.on("request", (request, response) => {
    recordPeer(request.headers, request.socket.remoteAddress, hops);
    handleInRequestScope(request, response, () => handle(request, response));
  });
  server.listen(port, hostname, () => console.log(`[teamhub] listening on http://${hostname}:${port}`));
  for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
    process.on(signal, () => {
      // Development stops at once (open hot-reload sockets would hold it); production gives requests under way 5 s.
      if (dev) process.exit(0);
      server.close(() => process.exit(0));
      setTimeout(() => process.exit(0), 5000).unref();
    });
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`[teamhub] ${error.message}`);
    process.exit(1);
  });
}

module.exports = { parseServerArguments, recordPeer, SERVER_NODE_OPTIONS };
