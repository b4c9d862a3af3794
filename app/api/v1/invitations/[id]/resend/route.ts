import { serve } from "@/lib/api/endpoint";
import { resendInvitationEndpoint } from "@/lib/api/endpoints/invitations";

export const POST = serve(resendInvitationEndpoint);
