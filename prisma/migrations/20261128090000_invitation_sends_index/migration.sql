-- The hourly invitation limit counts an organization's sends (created and
-- resent entries of the audit log) in the last hour.
-- CreateIndex
CREATE INDEX "audit_logs_organization_id_action_created_at_idx" ON "audit_logs"("organization_id", "action", "created_at");
