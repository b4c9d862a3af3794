-- Transferring ownership notifies both people (lib/services/ownership.ts).
ALTER TYPE "NotificationType" ADD VALUE 'OWNERSHIP_RECEIVED';
ALTER TYPE "NotificationType" ADD VALUE 'OWNERSHIP_HANDED_OVER';
