import { routeHandlers } from "@/lib/api/route";
import { sendWebhookTestEventEndpoint } from "@/lib/api/endpoints/webhooks";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers(sendWebhookTestEventEndpoint);
