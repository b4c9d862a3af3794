import { serve } from "@/lib/api/endpoint";
import { listAuditLogEndpoint } from "@/lib/api/endpoints/audit-log";

export const GET = serve(listAuditLogEndpoint);
