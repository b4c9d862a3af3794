import { routeHandlers } from "@/lib/api/route";
import { getOrganizationEndpoint } from "@/lib/api/endpoints/organization";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers(getOrganizationEndpoint);
