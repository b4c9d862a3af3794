-- Creating an invitation checks two limits under the organization's lock: its active invitations and
-- its sends in the last hour. Counted exactly, both read every row in range, so the critical section
-- grew with the limits an operator sets. Two counters, kept by triggers whatever changes the rows,
-- settle each check at once while an organization is clearly under its limit; only near the limit are
-- the rows counted exactly (lib/services/invitations/manage.ts), so the limits and Retry-After stay
-- exact. Writers lock the organization's row before touching its invitations (lib/services/access.ts),
-- so the updates below never wait in the middle of a transaction.

-- Invitations stored as PENDING, expired or not: never fewer than the active ones.
ALTER TABLE "organizations" ADD COLUMN "pending_invitations" INTEGER NOT NULL DEFAULT 0;

UPDATE "organizations" o SET "pending_invitations" = (SELECT count(*) FROM "invitations" i WHERE i."organization_id" = o."id" AND i."status" = 'PENDING');

ALTER TABLE "organizations" ADD CONSTRAINT "organizations_pending_invitations_not_negative" CHECK ("pending_invitations" >= 0);

-- Statement-level, as for member_count: one update per statement, however many rows it changes.
-- Each trigger may name only the transition tables its event has, hence three functions.
CREATE FUNCTION "invitations_pending_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "organizations" o SET "pending_invitations" = o."pending_invitations" + added.n
  FROM (SELECT "organization_id", count(*) AS n FROM "new_invitations" WHERE "status" = 'PENDING' GROUP BY "organization_id") added
  WHERE o."id" = added."organization_id";
  RETURN NULL;
END;
$$;
CREATE TRIGGER "invitations_pending_on_insert" AFTER INSERT ON "invitations"
  REFERENCING NEW TABLE AS "new_invitations"
  FOR EACH STATEMENT EXECUTE FUNCTION "invitations_pending_inserted"();

CREATE FUNCTION "invitations_pending_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "organizations" o SET "pending_invitations" = o."pending_invitations" + changed.n
  FROM (
    SELECT "organization_id", sum(n) AS n FROM (
      SELECT "organization_id", 1 AS n FROM "new_invitations" WHERE "status" = 'PENDING'
      UNION ALL
      SELECT "organization_id", -1 AS n FROM "old_invitations" WHERE "status" = 'PENDING'
    ) rows GROUP BY "organization_id"
  ) changed
  WHERE o."id" = changed."organization_id" AND changed.n <> 0;
  RETURN NULL;
END;
$$;
CREATE TRIGGER "invitations_pending_on_update" AFTER UPDATE ON "invitations"
  REFERENCING OLD TABLE AS "old_invitations" NEW TABLE AS "new_invitations"
  FOR EACH STATEMENT EXECUTE FUNCTION "invitations_pending_updated"();

CREATE FUNCTION "invitations_pending_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "organizations" o SET "pending_invitations" = o."pending_invitations" - removed.n
  FROM (SELECT "organization_id", count(*) AS n FROM "old_invitations" WHERE "status" = 'PENDING' GROUP BY "organization_id") removed
  WHERE o."id" = removed."organization_id";
  RETURN NULL;
END;
$$;
CREATE TRIGGER "invitations_pending_on_delete" AFTER DELETE ON "invitations"
  REFERENCING OLD TABLE AS "old_invitations"
  FOR EACH STATEMENT EXECUTE FUNCTION "invitations_pending_deleted"();

-- Invitation sends (created or resent) per organization and minute, as the audit log records them,
-- for the last two hours: their sum over the last 62 minutes is never less than the sends of the
-- last hour. Buckets older than that are dropped as new sends come in.
CREATE TABLE "invitation_sends" (
    "organization_id" UUID NOT NULL,
    "minute" TIMESTAMPTZ(0) NOT NULL,
    "sends" INTEGER NOT NULL,

    CONSTRAINT "invitation_sends_pkey" PRIMARY KEY ("organization_id","minute")
);

ALTER TABLE "invitation_sends" ADD CONSTRAINT "invitation_sends_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

INSERT INTO "invitation_sends" ("organization_id", "minute", "sends")
SELECT a."organization_id", date_trunc('minute', a."created_at"), count(*)
FROM "audit_logs" a JOIN "organizations" o ON o."id" = a."organization_id"
WHERE a."action" IN ('invitation.created', 'invitation.resent') AND a."created_at" > now() - interval '2 hours'
GROUP BY 1, 2;

-- Statement-level too: a bulk insert of audit entries is counted in one upsert. Entries of organizations
-- no longer there are left out (the audit log outlives organizations; the counts don't).
CREATE FUNCTION "audit_logs_count_invitation_sends"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "invitation_sends" ("organization_id", "minute", "sends")
  SELECT a."organization_id", date_trunc('minute', a."created_at"), count(*)
  FROM "new_audit_logs" a JOIN "organizations" o ON o."id" = a."organization_id"
  WHERE a."action" IN ('invitation.created', 'invitation.resent')
  GROUP BY 1, 2
  ON CONFLICT ("organization_id", "minute") DO UPDATE SET "sends" = "invitation_sends"."sends" + EXCLUDED."sends";
  DELETE FROM "invitation_sends" s
  USING (SELECT "organization_id", max("created_at") AS latest FROM "new_audit_logs"
         WHERE "action" IN ('invitation.created', 'invitation.resent') GROUP BY "organization_id") sent
  WHERE s."organization_id" = sent."organization_id" AND s."minute" < sent.latest - interval '2 hours';
  RETURN NULL;
END;
$$;
CREATE TRIGGER "audit_logs_invitation_sends" AFTER INSERT ON "audit_logs"
  REFERENCING NEW TABLE AS "new_audit_logs"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_logs_count_invitation_sends"();
