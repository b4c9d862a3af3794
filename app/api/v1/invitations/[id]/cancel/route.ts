import { serve } from "@/lib/api/endpoint";
import { cancelInvitationEndpoint } from "@/lib/api/endpoints/invitations";

export const POST = serve(cancelInvitationEndpoint);
