-- The active invitations of an organization (pending and not yet expired), counted under its lock on
-- every invitation created: a range of this index, however many expired invitations are still marked
-- pending, instead of every pending row of the organization.
CREATE INDEX "invitations_active" ON "invitations"("organization_id", "expires_at") WHERE "status" = 'PENDING';
