import { problemResponse } from "@/lib/api/problem";
import { AUDIT_EXPORT_CONTENT_TYPES, AUDIT_EXPORT_FORMATS, auditExportFilename, auditExportStream } from "@/lib/audit/export";
import { auditFilterParams } from "@/lib/audit/filters";
import { currentActor } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { exportAuditLog } from "@/lib/services/audit";

/**
 * GET /audit-log/export?format=csv|json&<the page's filters>: the filtered
 * audit log as a download, streamed. The signed-in person's role is read from
 * the database on this request (lib/auth/session.ts), with the permission the
 * page needs.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    const resolved = await currentActor();
    if (!resolved) throw new AppError("UNAUTHENTICATED", "Sign in to export the audit log.");
    const search = new URL(request.url).searchParams;
    const format = AUDIT_EXPORT_FORMATS.find((candidate) => candidate === (search.get("format") ?? "csv"));
    if (!format) throw new AppError("VALIDATION", "Choose format=csv or format=json.", { fieldErrors: { format: ["Choose csv or json."] } });
    const { organizationName, pages } = await exportAuditLog(resolved.actor, auditFilterParams(search));
    return new Response(auditExportStream(pages, format), {
      headers: {
        "Content-Type": AUDIT_EXPORT_CONTENT_TYPES[format],
        "Content-Disposition": `attachment; filename="${auditExportFilename(organizationName, format)}"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    return problemResponse(error);
  }
}
