-- Members are told when an Owner deletes their organization.
-- AlterEnum
ALTER TYPE "NotificationType" ADD VALUE 'ORGANIZATION_DELETED';
