import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { createDatabaseIfMissing, dropDatabase, withDatabase } from "@/lib/db/admin";
import { applyMigrations, MIGRATIONS_DIR, readMigrations } from "@/lib/db/migrate";

const run = promisify(execFile);
const serverUrl = process.env.TEST_DATABASE_SERVER_URL!;
let scratch = 0;

async function freshDatabase(): Promise<string> {
  scratch += 1;
  const name = `migrations_${process.pid}_${scratch}`;
  await dropDatabase(serverUrl, name);
  await createDatabaseIfMissing(serverUrl, name);
  return withDatabase(serverUrl, name);
}

/** A fresh database with every migration before `name` applied, as a database made by an earlier release. */
async function databaseMigratedUpTo(name: string): Promise<string> {
  const before = mkdtempSync(path.join(os.tmpdir(), "migrations-"));
  for (const migration of readMigrations().filter((migration) => migration.name < name)) {
    cpSync(path.join(MIGRATIONS_DIR, migration.name), path.join(before, migration.name), { recursive: true });
  }
  const url = await freshDatabase();
  await applyMigrations(url, { dir: before });
  return url;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("migration applier", () => {
  it("keeps Prisma's bookkeeping: one finished row per migration with the sha256 of its file", async () => {
    const url = await freshDatabase();
    const applied = await applyMigrations(url);
    const migrations = readMigrations();
    expect(applied).toEqual(migrations.map((migration) => migration.name));
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      url,
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows).toHaveLength(migrations.length);
    for (const [i, row] of rows.entries()) {
      const file = readFileSync(path.join(MIGRATIONS_DIR, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(file).digest("hex"));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
      expect(row.migration_name).toBe(migrations[i]!.name);
    }
    expect(await applyMigrations(url)).toEqual([]);
  });

  it("applies each migration once when two processes start at the same moment", async () => {
    const url = await freshDatabase();
    const [first, second] = await Promise.all([applyMigrations(url), applyMigrations(url)]);
    expect([...first, ...second]).toEqual(readMigrations().map((migration) => migration.name));
    const rows = await query(url, `SELECT 1 FROM "_prisma_migrations"`);
    expect(rows).toHaveLength(readMigrations().length);
  });

  it("rolls a failing migration back whole and records nothing for it", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "migrations-"));
    mkdirSync(path.join(dir, "001_good"));
    writeFileSync(path.join(dir, "001_good", "migration.sql"), "CREATE TABLE good (id int);");
    mkdirSync(path.join(dir, "002_bad"));
    writeFileSync(path.join(dir, "002_bad", "migration.sql"), "CREATE TABLE half (id int);\nSELECT * FROM missing_table;");
    const url = await freshDatabase();
    await expect(applyMigrations(url, { dir })).rejects.toThrow(/002_bad failed and was rolled back/);
    const tables = await query<{ tablename: string }>(url, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    expect(tables.map((table) => table.tablename)).toEqual(["_prisma_migrations", "good"]);
    const rows = await query<{ migration_name: string }>(url, `SELECT migration_name FROM "_prisma_migrations"`);
    expect(rows.map((row) => row.migration_name)).toEqual(["001_good"]);
  });
});

describe("upgrading a database that has data", () => {
  it("the member_count migration counts the members each organization already has", async () => {
    const url = await databaseMigratedUpTo("20261128070000_member_count");
    await query(
      url,
      `WITH people AS (
         INSERT INTO users (email, name, password_hash) SELECT 'p' || i || '@example.com', 'P' || i, 'x' FROM generate_series(1, 5) i RETURNING id
       ), big AS (INSERT INTO organizations (name) VALUES ('Big') RETURNING id),
          small AS (INSERT INTO organizations (name) VALUES ('Small') RETURNING id)
       INSERT INTO members (user_id, organization_id, role)
       SELECT people.id, big.id, 'MEMBER'::"Role" FROM people, big
       UNION ALL SELECT (SELECT min(id::text)::uuid FROM people), small.id, 'OWNER'::"Role" FROM small`,
    );
    await query(url, `INSERT INTO organizations (name) VALUES ('Empty')`);
    expect(await applyMigrations(url)).toContain("20261128070000_member_count");
    const counts = await query<{ name: string; member_count: number }>(url, `SELECT name, member_count FROM organizations ORDER BY name`);
    expect(counts).toEqual([
      { name: "Big", member_count: 5 },
      { name: "Empty", member_count: 0 },
      { name: "Small", member_count: 1 },
    ]);
  });
});

describe("upgrading: API keys of creators who had already gone", () => {
  it("are revoked, each with an audit entry; keys of current members stay", async () => {
    const url = await databaseMigratedUpTo("20261128100000_revoke_keys_of_departed_creators");
    await query(
      url,
      `WITH people AS (
         INSERT INTO users (email, name, password_hash) VALUES ('stay@example.com', 'Stay', 'x'), ('gone@example.com', 'Gone', 'x') RETURNING id, name
       ), org AS (INSERT INTO organizations (name) VALUES ('Acme') RETURNING id),
          joined AS (INSERT INTO members (user_id, organization_id, role) SELECT people.id, org.id, 'ADMIN'::"Role" FROM people, org WHERE people.name = 'Stay')
       INSERT INTO api_keys (organization_id, name, role, prefix, secret_hash, created_by_id, created_by_name, created_by_email)
       SELECT org.id, people.name || ' key', 'ADMIN'::"Role", 'thk_x', 'hash-' || people.name, people.id, people.name, lower(people.name) || '@example.com'
       FROM people, org`,
    );
    await applyMigrations(url);
    const keys = await query<{ name: string; revoked: boolean }>(url, `SELECT name, revoked_at IS NOT NULL AS revoked FROM api_keys ORDER BY name`);
    expect(keys).toEqual([
      { name: "Gone key", revoked: true },
      { name: "Stay key", revoked: false },
    ]);
    const audit = await query<{ action: string; target_label: string; details: unknown }>(url, `SELECT action, target_label, details FROM audit_logs`);
    expect(audit).toEqual([{ action: "api_key.revoked", target_label: "Gone key", details: { role: "ADMIN", reason: "creator no longer a member" } }]);
  });
});

/**
 * The start of a statement seeding Acme: `people` Owner, Admin, Demoted (a
 * Member now) and Gone (no longer a member), and `org`; the statement goes on
 * with what they made.
 */
const ACME_PEOPLE = `WITH people AS (
   INSERT INTO users (email, name, password_hash)
   VALUES ('owner@example.com', 'Owner', 'x'), ('admin@example.com', 'Admin', 'x'), ('demoted@example.com', 'Demoted', 'x'), ('gone@example.com', 'Gone', 'x')
   RETURNING id, name
 ), org AS (INSERT INTO organizations (name) VALUES ('Acme') RETURNING id),
    joined AS (
      INSERT INTO members (user_id, organization_id, role)
      SELECT people.id, org.id, (CASE people.name WHEN 'Owner' THEN 'OWNER' WHEN 'Admin' THEN 'ADMIN' ELSE 'MEMBER' END)::"Role"
      FROM people, org WHERE people.name <> 'Gone'
    )`;

describe("upgrading: invitations whose inviter had already lost the authority to make them", () => {
  it("are cancelled with the reason, each with an audit entry; those of inviters who still may, and answered ones, stay", async () => {
    const url = await databaseMigratedUpTo("20261201081500_invitations_follow_inviter_authority");
    await query(
      url,
      `${ACME_PEOPLE}
       INSERT INTO invitations (organization_id, email, role, status, token_hash, token_ciphertext, expires_at, invited_by_id, invited_by_name, invited_by_email)
       SELECT org.id, lower(people.name) || '-' || i.label || '@invited.test', i.role::"Role", i.status::"InvitationStatus", people.name || i.label, 'sealed',
              now() + i.expires_in::interval, people.id, people.name, lower(people.name) || '@example.com'
       FROM people, org,
            (VALUES ('admin', 'ADMIN', 'PENDING', '7 days'), ('member', 'MEMBER', 'PENDING', '7 days'), ('lapsed', 'MEMBER', 'PENDING', '-1 day'),
                    ('cancelled', 'MEMBER', 'CANCELLED', '7 days'), ('accepted', 'ADMIN', 'ACCEPTED', '7 days')) AS i(label, role, status, expires_in)`,
    );
    // An inviter whose account was deleted.
    await query(url, `INSERT INTO invitations (organization_id, email, role, token_hash, token_ciphertext, expires_at, invited_by_name, invited_by_email)
                      SELECT id, 'orphan@invited.test', 'MEMBER', 'orphan', 'sealed', now() + interval '7 days', 'Deleted', 'deleted@example.com' FROM organizations`);
    await applyMigrations(url);

    const invitations = await query<{ email: string; status: string; cancel_reason: string | null }>(
      url,
      `SELECT email, status::text, cancel_reason::text FROM invitations ORDER BY email`,
    );
    const expected: Record<string, [string, string | null]> = {
      "admin-accepted": ["ACCEPTED", null],
      "admin-admin": ["PENDING", null],
      "admin-cancelled": ["CANCELLED", "MANUAL"],
      "admin-lapsed": ["PENDING", null],
      "admin-member": ["PENDING", null],
      "demoted-accepted": ["ACCEPTED", null],
      "demoted-admin": ["CANCELLED", "INVITER_ROLE_CHANGED"],
      "demoted-cancelled": ["CANCELLED", "MANUAL"],
      "demoted-lapsed": ["CANCELLED", "INVITER_ROLE_CHANGED"],
      "demoted-member": ["CANCELLED", "INVITER_ROLE_CHANGED"],
      "gone-accepted": ["ACCEPTED", null],
      "gone-admin": ["CANCELLED", "INVITER_NOT_A_MEMBER"],
      "gone-cancelled": ["CANCELLED", "MANUAL"],
      "gone-lapsed": ["CANCELLED", "INVITER_NOT_A_MEMBER"],
      "gone-member": ["CANCELLED", "INVITER_NOT_A_MEMBER"],
      orphan: ["CANCELLED", "INVITER_NOT_A_MEMBER"],
      "owner-accepted": ["ACCEPTED", null],
      "owner-admin": ["PENDING", null],
      "owner-cancelled": ["CANCELLED", "MANUAL"],
      "owner-lapsed": ["PENDING", null],
      "owner-member": ["PENDING", null],
    };
    expect(Object.fromEntries(invitations.map((row) => [row.email.split("@")[0], [row.status, row.cancel_reason]]))).toEqual(expected);

    const audit = await query<{ action: string; actor_name: string; target_label: string; details: unknown }>(
      url,
      `SELECT action, actor_name, target_label, details FROM audit_logs ORDER BY target_label`,
    );
    const cancelledNow = invitations.filter((row) => row.status === "CANCELLED" && row.cancel_reason !== "MANUAL");
    expect(audit).toEqual(
      cancelledNow.map((row) => ({
        action: "invitation.cancelled",
        actor_name: "Teamhub (upgrade)",
        target_label: row.email,
        details: { role: row.email.includes("-admin") ? "ADMIN" : "MEMBER", reason: row.cancel_reason!.toLowerCase() },
      })),
    );

    // From now on a cancelled invitation always says why, and only a cancelled one.
    await expect(query(url, `UPDATE invitations SET status = 'CANCELLED' WHERE email LIKE 'owner-admin@%'`)).rejects.toThrow(/invitations_cancel_reason_check/);
    await expect(query(url, `UPDATE invitations SET cancel_reason = 'MANUAL' WHERE email LIKE 'owner-member@%'`)).rejects.toThrow(/invitations_cancel_reason_check/);
  });
});

describe("upgrading: webhook endpoints whose creator is no longer an Owner or Admin", () => {
  it("are disabled with the reason and their pending deliveries given up, each with an audit entry; earlier automatic disablings say failing", async () => {
    const url = await databaseMigratedUpTo("20261201170500_webhooks_follow_creator_authority");
    await query(
      url,
      `${ACME_PEOPLE}
       INSERT INTO webhook_endpoints (organization_id, url, enabled, auto_disabled_at, secret_ciphertext, created_by_id, created_by_name, created_by_email)
       SELECT org.id, 'https://hooks.example.com/' || lower(people.name) || e.label, e.enabled, e.auto_disabled_at, 'sealed', people.id, people.name, lower(people.name) || '@example.com'
       FROM people, org,
            (VALUES ('', true, NULL::timestamptz), ('-failing', false, now())) AS e(label, enabled, auto_disabled_at)`,
    );
    await query(url, `INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type) SELECT id, 'evt_' || md5(url), 'member.added' FROM webhook_endpoints WHERE enabled`);
    await applyMigrations(url);

    const endpoints = await query<{ url: string; enabled: boolean; disabled_reason: string | null; deliveries: string | null }>(
      url,
      `SELECT e.url, e.enabled, e.disabled_reason::text, (SELECT string_agg(status::text, ',') FROM webhook_deliveries d WHERE d.endpoint_id = e.id) AS deliveries
       FROM webhook_endpoints e ORDER BY e.url`,
    );
    expect(Object.fromEntries(endpoints.map((row) => [row.url.split("/").pop(), [row.enabled, row.disabled_reason, row.deliveries]]))).toEqual({
      admin: [true, null, "PENDING"],
      "admin-failing": [false, "FAILING", null],
      demoted: [false, "CREATOR_NOT_AUTHORIZED", "FAILED"],
      "demoted-failing": [false, "FAILING", null],
      gone: [false, "CREATOR_NOT_AUTHORIZED", "FAILED"],
      "gone-failing": [false, "FAILING", null],
      owner: [true, null, "PENDING"],
      "owner-failing": [false, "FAILING", null],
    });
    const audit = await query<{ action: string; actor_name: string; target_label: string; details: unknown }>(
      url,
      `SELECT action, actor_name, target_label, details FROM audit_logs ORDER BY target_label`,
    );
    expect(audit).toEqual(
      ["demoted", "gone"].map((name) => ({
        action: "webhook.disabled",
        actor_name: "Teamhub (upgrade)",
        target_label: `https://hooks.example.com/${name}`,
        details: { reason: "creator_not_authorized" },
      })),
    );
  });
});

describe("upgrading: the invitation counters", () => {
  it("count each organization's pending invitations and its invitation sends of the last two hours, then keep counting", async () => {
    const url = await databaseMigratedUpTo("20261201200000_invitation_counters");
    await query(
      url,
      `${ACME_PEOPLE}
       INSERT INTO invitations (organization_id, email, role, status, cancel_reason, token_hash, token_ciphertext, expires_at, invited_by_name, invited_by_email)
       SELECT org.id, i.label || '@invited.test', 'MEMBER', i.status::"InvitationStatus", (CASE i.status WHEN 'CANCELLED' THEN 'MANUAL' END)::"InvitationCancelReason",
              i.label, 'sealed', now() + i.expires_in::interval, 'Owner', 'owner@example.com'
       FROM org, (VALUES ('a', 'PENDING', '7 days'), ('b', 'PENDING', '7 days'), ('lapsed', 'PENDING', '-1 day'), ('c', 'CANCELLED', '7 days'),
                         ('d', 'ACCEPTED', '7 days')) AS i(label, status, expires_in)`,
    );
    await query(url, `INSERT INTO organizations (name) VALUES ('Quiet')`);
    await query(
      url,
      `INSERT INTO audit_logs (organization_id, action, actor_name, created_at)
       SELECT o.id, a.action, 'Owner', now() - a.ago::interval
       FROM organizations o, (VALUES ('invitation.created', '1 minute'), ('invitation.created', '1 minute'), ('invitation.resent', '59 minutes'),
                                     ('invitation.created', '3 hours'), ('member.removed', '1 minute')) AS a(action, ago)
       WHERE o.name = 'Acme'`,
    );
    await applyMigrations(url);

    const counts = async () =>
      query<{ name: string; pending_invitations: number; sends: number }>(
        url,
        `SELECT o.name, o.pending_invitations, (SELECT coalesce(sum(s.sends), 0)::int FROM invitation_sends s WHERE s.organization_id = o.id) AS sends
         FROM organizations o ORDER BY o.name`,
      );
    // Expired invitations still stored as pending count: the counter is never fewer than the active ones.
    expect(await counts()).toEqual([
      { name: "Acme", pending_invitations: 3, sends: 3 },
      { name: "Quiet", pending_invitations: 0, sends: 0 },
    ]);
    await query(url, `UPDATE invitations SET status = 'CANCELLED', cancel_reason = 'MANUAL' WHERE email IN ('a@invited.test', 'c@invited.test')`);
    await query(url, `INSERT INTO audit_logs (organization_id, action, actor_name) SELECT id, 'invitation.resent', 'Owner' FROM organizations WHERE name = 'Acme'`);
    expect(await counts()).toEqual([
      { name: "Acme", pending_invitations: 2, sends: 4 },
      { name: "Quiet", pending_invitations: 0, sends: 0 },
    ]);
  });
});

describe("schema.prisma and the migrations", () => {
  const diff = (...args: string[]) =>
    run(process.execPath, [require.resolve("tsx/cli"), "lib/cli/db.ts", "diff", ...args], {
      env: { ...process.env, DATABASE_URL: serverUrl },
    });

  it("agree: Prisma's schema engine finds nothing to migrate", async () => {
    const { stdout } = await diff();
    expect(stdout.trim()).toBe("");
  }, 60_000);

  it("would disagree if the schema gained a column and an index the migrations lack", async () => {
    const schema = readFileSync("prisma/schema.prisma", "utf8").replace(
      "  hits        Int      @default(0)",
      "  hits        Int      @default(0)\n  note        String?\n\n  @@index([hits])",
    );
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "schema-")), "schema.prisma");
    writeFileSync(file, schema);
    const { stdout } = await diff("--schema", file);
    expect(stdout).toContain(`ALTER TABLE "rate_limit_buckets" ADD COLUMN     "note" TEXT;`);
    expect(stdout).toContain(`CREATE INDEX "rate_limit_buckets_hits_idx"`);
  }, 60_000);
});
