import { routeHandlers } from "@/lib/api/route";
import { listAuditLogEndpoint } from "@/lib/api/endpoints/audit-log";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers(listAuditLogEndpoint);
