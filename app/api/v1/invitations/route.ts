import { routeHandlers } from "@/lib/api/route";
import { createInvitationEndpoint, listInvitationsEndpoint } from "@/lib/api/endpoints/invitations";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers(listInvitationsEndpoint, createInvitationEndpoint);
