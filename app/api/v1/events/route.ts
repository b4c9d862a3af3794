import { routeHandlers } from "@/lib/api/route";
import { listEventsEndpoint } from "@/lib/api/endpoints/events";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers(listEventsEndpoint);
