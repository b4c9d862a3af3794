import { routeHandlers } from "@/lib/api/route";
import { inviteManyEndpoint } from "@/lib/api/endpoints/invitations";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers(inviteManyEndpoint);
