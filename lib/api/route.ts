import { AppError, notFound } from "@/lib/errors";
import { serve, type AnyEndpoint } from "./endpoint";
import { problemResponse } from "./problem";

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
type Method = (typeof METHODS)[number];
type RouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/**
 * Every HTTP method of one /api/v1 path, for its route.ts: each endpoint at
 * its method, HEAD as GET, OPTIONS listing the methods, and any other method
 * a 405 problem+json with Allow (Next.js would answer an empty 405).
 */
export function routeHandlers(...endpoints: AnyEndpoint[]): Record<Method, RouteHandler> {
  const served = new Map<string, RouteHandler>(endpoints.map((endpoint) => [endpoint.method, serve(endpoint)]));
  if (served.has("GET")) served.set("HEAD", served.get("GET")!);
  const allow = [...served.keys(), "OPTIONS"].join(", ");
  const options: RouteHandler = async () => new Response(null, { status: 204, headers: { Allow: allow } });
  const notAllowed: RouteHandler = async (request) =>
    problemResponse(new AppError("METHOD_NOT_ALLOWED", `${request.method} is not allowed here. Allowed: ${allow}.`), { Allow: allow });
  return Object.fromEntries(METHODS.map((method) => [method, method === "OPTIONS" ? options : (served.get(method) ?? notAllowed)])) as Record<Method, RouteHandler>;
}

/** Every method of a path under /api/v1 that names no endpoint: 404 problem+json, like an unknown object. */
export function unknownPathHandlers(): Record<Method, () => Promise<Response>> {
  const handler = async () => problemResponse(notFound("There is no such API path. The operations are listed at /api/v1/openapi.json."));
  return Object.fromEntries(METHODS.map((method) => [method, handler])) as Record<Method, () => Promise<Response>>;
}
