import { z } from "zod";
import { auditFilterShape, listAuditLog } from "@/lib/services/audit";
import { defineEndpoint } from "../endpoint";
import { auditEntryJson } from "../serialize";
import { auditEntryOut, pageOf, pageQuery } from "../schemas";

export const listAuditLogEndpoint = defineEndpoint({
  operationId: "listAuditLog",
  method: "GET",
  path: "/audit-log",
  summary: "Read the audit log",
  description:
    "Owners and Admins. Newest first, each entry with the sentence it reads as. Filters combine: `actor` (a person: part of the name or email the entry was recorded with, any case; an API key's entries match its creator's name too), `action`, and `from`/`to` (whole days, both included, on the clock of `timeZone`, an IANA name, UTC unless given). Pass `nextCursor` back with the same filters for the next page.",
  query: z.strictObject({
    action: auditFilterShape.action.describe("Only entries of this action.").meta({ examples: ["member.role_changed"] }),
    actor: auditFilterShape.actor.describe("Only entries by this person: part of their name or email, any case.").meta({ examples: ["ada@example.com"] }),
    from: auditFilterShape.from.describe("Only entries on or after this day (YYYY-MM-DD) in `timeZone`.").meta({ examples: ["2026-11-01"] }),
    to: auditFilterShape.to.describe("Only entries on or before this day (YYYY-MM-DD) in `timeZone`.").meta({ examples: ["2026-11-30"] }),
    timeZone: auditFilterShape.timeZone.describe("The IANA time zone `from` and `to` are days of.").meta({ examples: ["Europe/Paris"] }),
    ...pageQuery,
  }),
  success: { status: 200, schema: pageOf(auditEntryOut), description: "A page of audit entries." },
  errors: ["FORBIDDEN", "VALIDATION"],
  async run({ actor, query }) {
    const page = await listAuditLog(actor, query);
    return { data: page.data.map(auditEntryJson), nextCursor: page.nextCursor };
  },
});
