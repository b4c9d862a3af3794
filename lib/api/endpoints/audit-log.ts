import { z } from "zod";
import { AUDIT_ACTIONS, listAuditLog } from "@/lib/services/audit";
import { defineEndpoint } from "../endpoint";
import { auditEntryJson } from "../serialize";
import { auditEntryOut, pageOf, pageQuery } from "../schemas";

export const listAuditLogEndpoint = defineEndpoint({
  operationId: "listAuditLog",
  method: "GET",
  path: "/audit-log",
  summary: "Read the audit log",
  description: "Owners and Admins. Newest first, optionally of one action.",
  query: z.strictObject({
    action: z.enum(AUDIT_ACTIONS).optional(),
    ...pageQuery,
  }),
  success: { status: 200, schema: pageOf(auditEntryOut), description: "A page of audit entries." },
  errors: ["FORBIDDEN", "VALIDATION"],
  async run({ actor, query }) {
    const page = await listAuditLog(actor, query);
    return { data: page.data.map(auditEntryJson), nextCursor: page.nextCursor };
  },
});
