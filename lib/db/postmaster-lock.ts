import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";

/**
 * The lock a PostgreSQL server keeps in its data directory (postmaster.pid,
 * its process id on the first line), and which process of ours started it
 * (`<data dir>.owner`), so that a start-up can tell a server another app of
 * this checkout is using from what a crash left behind.
 */

type Owner = { launcherPid: number; launcherCommand: string | null; postmasterPid: number };

const ownerFile = (dataDir: string) => `${dataDir}.owner`;

/** The process id in the data directory's lock file, if there is one. */
export function lockedBy(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(`${dataDir}/postmaster.pid`, "utf8").split("\n")[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    // A zombie has ended; only its parent hasn't collected it yet.
    return !/^\d+ \(.*\) Z /s.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

/** A process's command line, its arguments separated by spaces; null when unknown. */
export function commandLine(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    try {
      return execFileSync("ps", ["-p", String(pid), "-o", "command="], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() || null;
    } catch {
      return null;
    }
  }
}

/** True when `pid` is a PostgreSQL server on `dataDir` (and not another process that got its id after a crash). */
export function isPostmasterOf(pid: number, dataDir: string): boolean {
  if (!isRunning(pid)) return false;
  const command = commandLine(pid);
  return command !== null && /postgres/.test(command) && command.includes(`-D ${dataDir} `);
}

export function recordOwner(dataDir: string): void {
  const postmasterPid = lockedBy(dataDir);
  if (postmasterPid === null) return;
  const owner: Owner = { launcherPid: process.pid, launcherCommand: commandLine(process.pid), postmasterPid };
  writeFileSync(ownerFile(dataDir), JSON.stringify(owner), { mode: 0o600 });
}

export function forgetOwner(dataDir: string): void {
  rmSync(ownerFile(dataDir), { force: true });
}

/** Whether the process that started the server still runs (and is that same process, not one that got its id since). */
export function ownerRuns(owner: Owner): boolean {
  return isRunning(owner.launcherPid) && commandLine(owner.launcherPid) === owner.launcherCommand;
}

export function readOwner(dataDir: string): Owner | null {
  if (!existsSync(ownerFile(dataDir))) return null;
  try {
    return JSON.parse(readFileSync(ownerFile(dataDir), "utf8")) as Owner;
  } catch {
    return null;
  }
}

const STOP_WAIT_MS = 30_000;

/** Asks a PostgreSQL server to stop at once (fast shutdown: it rolls back what is under way) and waits until it has. */
export async function stopPostmaster(pid: number): Promise<boolean> {
  process.kill(pid, "SIGINT");
  const deadline = Date.now() + STOP_WAIT_MS;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}
