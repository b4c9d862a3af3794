import { serve } from "@/lib/api/endpoint";
import { listMembersEndpoint } from "@/lib/api/endpoints/members";

export const GET = serve(listMembersEndpoint);
