// @ts-check
/**
 * Modules that reach the database or hold secrets begin with `import "server-only"`, so that a
 * client component importing one (directly or through another) fails the build. The package
 * resolves to an empty module only under the "react-server" condition, which Next.js sets for its
 * server code; everywhere else it throws. The command-line entry points (lib/cli/app.ts, worker.ts,
 * db.ts and the benchmarks), run by tsx outside Next.js, are server code too and load services
 * (the job worker, the in-process worker, the development mailbox): their first import is this
 * file, which records the package as loaded and empty before anything imports it. (Setting
 * "react-server" for the whole process instead would also switch React to its server build, which
 * can't render the emails.) Jest maps the package to its empty module in jest.config.js.
 */
const Module = require("node:module");

const entry = require.resolve("server-only");
if (!require.cache[entry]) {
  const empty = new Module(entry);
  empty.filename = entry;
  empty.loaded = true;
  empty.exports = {};
  require.cache[entry] = empty;
}
