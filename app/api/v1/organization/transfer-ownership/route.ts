import { routeHandlers } from "@/lib/api/route";
import { transferOwnershipEndpoint } from "@/lib/api/endpoints/organization";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers(transferOwnershipEndpoint);
