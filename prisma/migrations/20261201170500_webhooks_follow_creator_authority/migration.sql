-- CreateEnum
CREATE TYPE "WebhookDisableReason" AS ENUM ('FAILING', 'CREATOR_REMOVED', 'CREATOR_LEFT', 'CREATOR_ROLE_CHANGED', 'CREATOR_NOT_AUTHORIZED');

-- AlterTable
ALTER TABLE "webhook_endpoints" ADD COLUMN     "disabled_reason" "WebhookDisableReason";

-- Endpoints Teamhub had disabled so far were all disabled for failing.
UPDATE "webhook_endpoints" SET "disabled_reason" = 'FAILING' WHERE "auto_disabled_at" IS NOT NULL;

-- An endpoint now follows its creator's authority (lib/services/members.ts).
-- Enabled endpoints whose creator is no longer an Owner or Admin of the
-- organization (gone, account deleted, or demoted to Member) are disabled the
-- same way, their pending deliveries given up, each with its audit entry: an
-- Owner or Admin who still wants one enables it again and becomes responsible.
WITH "disabled" AS (
  UPDATE "webhook_endpoints" e
  SET "enabled" = false, "auto_disabled_at" = now(), "disabled_reason" = 'CREATOR_NOT_AUTHORIZED', "updated_at" = now()
  WHERE e."enabled"
    AND NOT EXISTS (
      SELECT 1 FROM "members" m
      WHERE m."user_id" = e."created_by_id" AND m."organization_id" = e."organization_id" AND m."role" IN ('OWNER', 'ADMIN')
    )
  RETURNING e."id", e."organization_id", e."url"
), "given_up" AS (
  UPDATE "webhook_deliveries" d SET "status" = 'FAILED', "next_attempt_at" = NULL
  FROM "disabled" WHERE d."endpoint_id" = "disabled"."id" AND d."status" = 'PENDING'
)
INSERT INTO "audit_logs" ("organization_id", "action", "actor_name", "target_type", "target_id", "target_label", "details")
SELECT "organization_id", 'webhook.disabled', 'Teamhub (upgrade)', 'webhook', "id"::text, "url",
       jsonb_build_object('reason', 'creator_not_authorized')
FROM "disabled";
