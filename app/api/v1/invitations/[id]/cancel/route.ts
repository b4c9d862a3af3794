import { routeHandlers } from "@/lib/api/route";
import { cancelInvitationEndpoint } from "@/lib/api/endpoints/invitations";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers(cancelInvitationEndpoint);
