import { serve } from "@/lib/api/endpoint";
import { getOrganizationEndpoint } from "@/lib/api/endpoints/organization";

export const GET = serve(getOrganizationEndpoint);
