import { z } from "zod";
import { AUDIT_ACTIONS, listAuditLog } from "@/lib/services/audit";
import { defineEndpoint } from "../endpoint";
import { auditEntryJson } from "../serialize";
import { auditEntryOut, pageOf } from "../schemas";

export const listAuditLogEndpoint = defineEndpoint({
  operationId: "listAuditLog",
  method: "GET",
  path: "/audit-log",
  summary: "Read the audit log",
  description: "Owners and Admins. Newest first, optionally of one action.",
  query: z.strictObject({
    action: z.enum(AUDIT_ACTIONS).optional(),
    cursor: z.string().max(500).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50).describe("Page size, 1 to 100."),
  }),
  success: { status: 200, schema: pageOf(auditEntryOut), description: "A page of audit entries." },
  errors: ["FORBIDDEN", "VALIDATION"],
  async run({ actor, query }) {
    const page = await listAuditLog(actor, query);
    return { data: page.data.map(auditEntryJson), nextCursor: page.nextCursor };
  },
});
