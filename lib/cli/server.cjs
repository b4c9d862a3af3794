// @ts-check
/**
 * The HTTP server of `npm start` (and of `npm run dev`, with --dev): Next.js's request handler behind
 * a plain Node server that records who is really connected. `next start`
 * keeps any X-Forwarded-For a client sends, so a client could choose the
 * address per-address rate limits count against; here the socket's address
 * is always appended, as a proxy would, and lib/request.ts reads the entry
 * TRUSTED_PROXY_HOPS places from the right. Without trusted proxies, the
 * forwarded host and protocol a client claims are dropped too.
 *
 * Usage: node lib/cli/server.cjs [--dev] (PORT, HOSTNAME, DATABASE_URL, AUTH_SECRET from the environment).
 */
const http = require("node:http");
const path = require("node:path");

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

function trustedHops() {
  const hops = Number(process.env.TRUSTED_PROXY_HOPS ?? 0);
  return Number.isInteger(hops) && hops > 0 ? hops : 0;
}

async function main() {
  const next = require("next");
  const dev = process.argv.includes("--dev");
  const port = Number(process.env.PORT ?? 3000);
  const hostname = process.env.HOSTNAME ?? "0.0.0.0";
  const hops = trustedHops();
  const server = http.createServer();
  // httpServer: in development Next serves hot reloading over this server's WebSocket upgrades.
  const app = next({ dev, dir: path.resolve(__dirname, "../.."), port, hostname, httpServer: server });
  await app.prepare();
  const handle = app.getRequestHandler();
  server.on("request", (request, response) => {
    recordPeer(request.headers, request.socket.remoteAddress, hops);
    handle(request, response);
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

module.exports = { recordPeer };
