import "server-only";
import type { z } from "zod";
import { AppError, type ErrorCode } from "@/lib/errors";
import type { Action } from "@/lib/permissions";
import type { LimitState } from "@/lib/rate-limit";
import type { Actor } from "@/lib/services/types";
import { validate } from "@/lib/validation";
import { authenticateRequest } from "./authenticate";
import { withIdempotency } from "./idempotency";
import { problemResponse } from "./problem";
import { readJsonBody } from "./request-body";

type Method = "GET" | "POST" | "PATCH" | "DELETE";
type AnyObject = z.ZodObject<z.ZodRawShape>;

/**
 * One /api/v1 operation: its schemas (which validate requests and generate
 * the OpenAPI document, lib/api/openapi.ts) and what it does, which is always
 * a call into lib/services with the authenticated actor.
 */
export type Endpoint<P extends AnyObject | undefined, Q extends AnyObject | undefined, B extends AnyObject | undefined> = {
  operationId: string;
  method: Method;
  /** OpenAPI path under /api/v1, e.g. /members/{userId}. */
  path: string;
  summary: string;
  description?: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Honour an Idempotency-Key header (POST only); a replay needs the same permission as the first request. */
  idempotent?: { permission: Action };
  success: { status: 200 | 201 | 202 | 204; schema?: z.ZodType; description: string };
  /** Error codes this operation can answer, besides UNAUTHENTICATED and RATE_LIMITED. */
  errors: ErrorCode[];
  run(input: {
    actor: Actor;
    params: P extends AnyObject ? z.infer<P> : undefined;
    query: Q extends AnyObject ? z.infer<Q> : undefined;
    body: B extends AnyObject ? z.infer<B> : undefined;
    request: Request;
  }): Promise<unknown>;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEndpoint = Endpoint<any, any, any>;

export function defineEndpoint<P extends AnyObject | undefined = undefined, Q extends AnyObject | undefined = undefined, B extends AnyObject | undefined = undefined>(
  endpoint: Endpoint<P, Q, B>,
): Endpoint<P, Q, B> {
  return endpoint;
}

function parse<S extends AnyObject>(schema: S, value: unknown, where: string): z.infer<S> {
  const result = validate(schema, value);
  if (!result.success) throw new AppError("VALIDATION", `The ${where} is not valid.`, { fieldErrors: result.fieldErrors });
  return result.data;
}

function parsePath<S extends AnyObject>(schema: S, value: unknown): z.infer<S> {
  const result = validate(schema, value);
  if (!result.success) throw new AppError("NOT_FOUND", "Not found: no such id.");
  return result.data;
}

function rateLimitHeaders(state: LimitState): Record<string, string> {
  return {
    "RateLimit-Limit": String(state.limit),
    "RateLimit-Remaining": String(state.remaining),
    "RateLimit-Reset": String(state.resetSeconds),
  };
}

function json(status: number, body: unknown, headers: Record<string, string>): Response {
  if (status === 204) return new Response(null, { status, headers: { ...headers, "Cache-Control": "no-store" } });
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...headers, "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
}

/**
 * The Next.js route handler for an endpoint: authenticate, rate-limit, parse,
 * run, and map every error to application/problem+json.
 */
export function serve(endpoint: AnyEndpoint) {
  return async (request: Request, context: { params: Promise<Record<string, string>> }): Promise<Response> => {
    let headers: Record<string, string> = {};
    try {
      const { actor, limit } = await authenticateRequest(request);
      headers = rateLimitHeaders(limit);
      if (!limit.allowed) {
        throw new AppError("RATE_LIMITED", "Too many requests. Slow down and retry after the number of seconds in Retry-After.", {
          retryAfter: limit.resetSeconds,
        });
      }
      const url = new URL(request.url);
      // A malformed id names nothing, like an unknown one: 404, not 422.
      const params = endpoint.params ? parsePath(endpoint.params, await context.params) : undefined;
      const query = endpoint.query ? parse(endpoint.query, Object.fromEntries(url.searchParams), "query string") : undefined;
      if (!endpoint.query && url.searchParams.size > 0) throw new AppError("VALIDATION", "This operation takes no query parameters.");
      const body = endpoint.body ? parse(endpoint.body, await readJsonBody(request), "request body") : undefined;
      const execute = async () => ({
        status: endpoint.success.status,
        body: await endpoint.run({ actor, params, query, body, request }),
      });
      const result = endpoint.idempotent
        ? await withIdempotency(actor, endpoint.idempotent.permission, request, body, execute)
        : { ...(await execute()), replayed: false };
      return json(result.status, result.body, result.replayed ? { ...headers, "Idempotent-Replayed": "true" } : headers);
    } catch (error) {
      return problemResponse(error, headers);
    }
  };
}
