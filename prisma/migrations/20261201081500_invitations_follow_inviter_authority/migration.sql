-- Invitations now carry their inviter's authority: when the inviter leaves, is
-- removed, or drops to a role that may no longer invite at an invitation's
-- role, their pending invitations are cancelled with the reason
-- (lib/services/members.ts).

-- CreateEnum
CREATE TYPE "InvitationCancelReason" AS ENUM ('MANUAL', 'INVITER_REMOVED', 'INVITER_LEFT', 'INVITER_ROLE_CHANGED', 'INVITER_NOT_A_MEMBER');

-- AlterTable
ALTER TABLE "invitations" ADD COLUMN     "cancel_reason" "InvitationCancelReason";

-- Until now only Cancel cancelled invitations.
UPDATE "invitations" SET "cancel_reason" = 'MANUAL' WHERE "status" = 'CANCELLED';

-- A reason exactly when cancelled.
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_cancel_reason_check"
  CHECK (("status" = 'CANCELLED') = ("cancel_reason" IS NOT NULL));

-- Pending invitations whose inviter had already lost that authority (no longer
-- a member, account deleted, or now a Member, who may invite nobody; Owners and
-- Admins may invite Admins and Members, see invitableRoles in lib/permissions.ts)
-- are cancelled the same way, each with its audit entry.
WITH "inviters" AS (
  SELECT i."id",
         (SELECT m."role" FROM "members" m WHERE m."user_id" = i."invited_by_id" AND m."organization_id" = i."organization_id") AS "inviter_role"
  FROM "invitations" i
  WHERE i."status" = 'PENDING'
), "cancelled" AS (
  UPDATE "invitations" i
  SET "status" = 'CANCELLED',
      "cancel_reason" = (CASE WHEN v."inviter_role" IS NULL THEN 'INVITER_NOT_A_MEMBER' ELSE 'INVITER_ROLE_CHANGED' END)::"InvitationCancelReason"
  FROM "inviters" v
  WHERE i."id" = v."id" AND (v."inviter_role" IS NULL OR v."inviter_role" NOT IN ('OWNER', 'ADMIN'))
  RETURNING i."id", i."organization_id", i."email", i."role", i."cancel_reason"
)
INSERT INTO "audit_logs" ("organization_id", "action", "actor_name", "target_type", "target_id", "target_label", "details")
SELECT "organization_id", 'invitation.cancelled', 'Teamhub (upgrade)', 'invitation', "id"::text, "email",
       jsonb_build_object('role', "role"::text, 'reason', lower("cancel_reason"::text))
FROM "cancelled";
