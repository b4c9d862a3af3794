import { routeHandlers } from "@/lib/api/route";
import { listWebhooksEndpoint, createWebhookEndpointEndpoint } from "@/lib/api/endpoints/webhooks";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers(listWebhooksEndpoint, createWebhookEndpointEndpoint);
