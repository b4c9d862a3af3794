import { routeHandlers } from "@/lib/api/route";
import { changeMemberRoleEndpoint, removeMemberEndpoint } from "@/lib/api/endpoints/members";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers(changeMemberRoleEndpoint, removeMemberEndpoint);
