-- CreateEnum
CREATE TYPE "InvitationEmailStatus" AS ENUM ('QUEUED', 'SENT', 'FAILED');

-- AlterTable
ALTER TABLE "invitations" ADD COLUMN     "email_sent_at" TIMESTAMPTZ(3),
ADD COLUMN     "email_status" "InvitationEmailStatus",
ADD COLUMN     "email_token_hash" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "invitations_email_token_hash_key" ON "invitations"("email_token_hash");

-- The emailed link's token exists exactly while the invitation has an email status, and the
-- time it was sent exactly while that status is SENT.
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_email_token_check"
  CHECK ((email_status IS NULL) = (email_token_hash IS NULL));
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_email_sent_at_check"
  CHECK ((email_status IS NOT DISTINCT FROM 'SENT') = (email_sent_at IS NOT NULL));
