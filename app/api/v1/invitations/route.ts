import { serve } from "@/lib/api/endpoint";
import { createInvitationEndpoint, listInvitationsEndpoint } from "@/lib/api/endpoints/invitations";

export const GET = serve(listInvitationsEndpoint);
export const POST = serve(createInvitationEndpoint);
