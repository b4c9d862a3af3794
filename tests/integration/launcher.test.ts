/**
 * `npm run dev` and `npm start` take -p/--port (and -H/--hostname) as
 * `next dev` and `next start` do, and refuse what they don't understand
 * instead of silently listening on 3000.
 */
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { freeLoopbackPort } from "@/lib/db/embedded";
import { parseServerArguments } from "@/lib/cli/server.cjs";

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, "../..");

describe("server options", () => {
  it("reads the port and host in every form next dev and next start accept, over PORT and HOSTNAME", () => {
    const env = { PORT: "4000", HOSTNAME: "127.0.0.2" };
    expect(parseServerArguments([], env)).toEqual({ dev: false, port: 4000, hostname: "127.0.0.2" });
    expect(parseServerArguments([], {})).toEqual({ dev: false, port: 3000, hostname: "0.0.0.0" });
    for (const args of [["-p", "3001"], ["-p3001"], ["--port", "3001"], ["--port=3001"], ["-p=3001"]]) {
      expect(parseServerArguments(["--dev", ...args], env)).toEqual({ dev: true, port: 3001, hostname: "127.0.0.2" });
    }
    for (const args of [["-H", "127.0.0.1"], ["-H127.0.0.1"], ["--hostname", "127.0.0.1"], ["--hostname=127.0.0.1"]]) {
      expect(parseServerArguments(args, env)).toEqual({ dev: false, port: 4000, hostname: "127.0.0.1" });
    }
  });

  it("refuses anything else with a message saying what it takes", () => {
    const usage = "Options: -p, --port <port> (default: PORT or 3000); -H, --hostname <host> (default: HOSTNAME or 0.0.0.0).";
    expect(() => parseServerArguments(["--turbo"], {})).toThrow(`Unknown argument "--turbo". ${usage}`);
    expect(() => parseServerArguments(["3001"], {})).toThrow(`Unknown argument "3001". ${usage}`);
    expect(() => parseServerArguments(["-p"], {})).toThrow(`-p needs a value. ${usage}`);
    expect(() => parseServerArguments(["--port", "70000"], {})).toThrow('--port must be a port number from 1 to 65535, not "70000".');
    expect(() => parseServerArguments(["-p", "abc"], {})).toThrow('-p must be a port number from 1 to 65535, not "abc".');
    expect(() => parseServerArguments([], { PORT: "http" })).toThrow('PORT must be a port number from 1 to 65535, not "http".');
  });
});

/** Runs an npm script of the checkout; its output, and a way to stop it with everything it started. */
function npm(args: string[], env: Record<string, string | undefined>) {
  const child = spawn("npm", args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const run = { output: "", exitCode: undefined as number | null | undefined };
  child.stdout!.on("data", (chunk: Buffer) => (run.output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (run.output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve((run.exitCode = code))));
  const stop = async () => {
    if (run.exitCode === undefined) process.kill(-child.pid!, "SIGTERM");
    await exited;
  };
  return { run, exited, stop };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 100) {
    if (waited > 90_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => {
      socket.end();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });

describe("npm run dev -- -p <port>", () => {
  it("listens on that port", async () => {
    const port = await freeLoopbackPort();
    // On the test database, so that no embedded server starts for it.
    const dev = npm(["run", "dev", "--", "-p", String(port), "-H", "127.0.0.1"], { DATABASE_URL: process.env.DATABASE_URL, PORT: "" });
    try {
      await until(() => dev.run.output.includes("[teamhub] listening on") || dev.run.exitCode !== undefined, "the dev server to listen");
      expect(dev.run.output).toContain(`[teamhub] listening on http://127.0.0.1:${port}`);
      expect(await accepts(port)).toBe(true);
    } finally {
      await dev.stop();
    }
  });

  it("refuses an option it doesn't know before starting anything", async () => {
    const dev = npm(["run", "dev", "--", "--port"], {});
    expect(await dev.exited).toBe(1);
    expect(dev.run.output).toContain("[teamhub] --port needs a value. Options: -p, --port <port>");
    expect(dev.run.output).not.toContain("embedded PostgreSQL on");
  });
});

describe("npm start with email on", () => {
  it("refuses to start without APP_URL: links in emails are never built on a request's Host header", async () => {
    const start = npm(["start"], { SMTP_URL: "smtp://127.0.0.1:1025", APP_URL: "", AUTH_SECRET: "launcher-test-secret-0123456789abcdef" });
    expect(await start.exited).toBe(1);
    expect(start.run.output).toContain("[teamhub] APP_URL must be set when email is on (SMTP_URL)");
    expect(start.run.output).not.toContain("embedded PostgreSQL on");
  });
});
