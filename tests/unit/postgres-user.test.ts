import { chmodSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, unlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { assertDataDirReachable, closedDirectory, sharedCopy } from "@/lib/db/postgres-user";

describe("embedded PostgreSQL run by root", () => {
  let parent: string;
  beforeEach(() => {
    parent = mkdtempSync(path.join(os.tmpdir(), "teamhub-access-"));
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  it("refuses a data folder the postgres user cannot reach, naming the closed directory", () => {
    chmodSync(parent, 0o700);
    const dataDir = path.join(parent, "project", ".data", "postgres");
    mkdirSync(path.dirname(dataDir), { recursive: true });
    expect(closedDirectory(dataDir)).toBe(parent);
    expect(() => assertDataDirReachable(dataDir)).toThrow(`the system user "postgres", which cannot enter ${parent}.`);
  });

  it("accepts a data folder every directory above which others can enter, created or not", () => {
    chmodSync(parent, 0o755);
    expect(closedDirectory(path.join(parent, "not-yet", "postgres"))).toBeNull();
    expect(() => assertDataDirReachable(path.join(parent, "not-yet", "postgres"))).not.toThrow();
  });

  it("keeps the shared copy usable after the checkout that made it is gone", () => {
    const installedPg = realpathSync(path.join(process.cwd(), "node_modules", "pg"));
    const copied = sharedCopy(parent);
    expect(existsSync(copied)).toBe(true);
    const pgLink = path.resolve(copied, "../../../pg");
    expect(realpathSync(pgLink)).toBe(installedPg);

    // As if made from a clone deleted since: its link leads nowhere.
    unlinkSync(pgLink);
    symlinkSync(path.join(parent, "deleted-clone", "node_modules", "pg"), pgLink);
    expect(existsSync(pgLink)).toBe(false);

    expect(sharedCopy(parent)).toBe(copied);
    expect(realpathSync(pgLink)).toBe(installedPg);
  });
});
