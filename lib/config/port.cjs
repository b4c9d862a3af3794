// @ts-check
/**
 * A TCP port from the command line or the environment (plain CommonJS: the
 * HTTP server, lib/cli/server.cjs, runs without a TypeScript loader).
 *
 * @param {string} raw
 * @param {string} what the option or variable it came from, for the message
 * @returns {number}
 */
function parsePort(raw, what) {
  const port = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${what} must be a port number from 1 to 65535, not "${raw}".`);
  return port;
}

module.exports = { parsePort };
