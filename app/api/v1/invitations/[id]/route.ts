import { serve } from "@/lib/api/endpoint";
import { getInvitationEndpoint } from "@/lib/api/endpoints/invitations";

export const GET = serve(getInvitationEndpoint);
