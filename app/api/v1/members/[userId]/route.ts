import { serve } from "@/lib/api/endpoint";
import { changeMemberRoleEndpoint, removeMemberEndpoint } from "@/lib/api/endpoints/members";

export const PATCH = serve(changeMemberRoleEndpoint);
export const DELETE = serve(removeMemberEndpoint);
