import { routeHandlers } from "@/lib/api/route";
import { listWebhookAttemptsEndpoint } from "@/lib/api/endpoints/webhooks";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers(listWebhookAttemptsEndpoint);
