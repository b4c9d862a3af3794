import { routeHandlers } from "@/lib/api/route";
import { listMembersEndpoint } from "@/lib/api/endpoints/members";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers(listMembersEndpoint);
