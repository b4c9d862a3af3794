-- API keys are now revoked for good when their creator leaves or is removed
-- (lib/services/members.ts). Keys whose creator had already gone before that
-- are revoked the same way, each with its audit entry, so that inviting the
-- creator back doesn't bring them back to life.
WITH "revoked" AS (
  UPDATE "api_keys" k SET "revoked_at" = now()
  WHERE k."revoked_at" IS NULL
    AND NOT EXISTS (SELECT 1 FROM "members" m WHERE m."user_id" = k."created_by_id" AND m."organization_id" = k."organization_id")
  RETURNING k."id", k."organization_id", k."name", k."role"
)
INSERT INTO "audit_logs" ("organization_id", "action", "actor_name", "target_type", "target_id", "target_label", "details")
SELECT "organization_id", 'api_key.revoked', 'Teamhub (upgrade)', 'api_key', "id"::text, "name",
       jsonb_build_object('role', "role"::text, 'reason', 'creator no longer a member')
FROM "revoked";
