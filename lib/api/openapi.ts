import { z } from "zod";
import { ERROR_STATUS, type ErrorCode } from "@/lib/errors";
import type { AnyEndpoint } from "./endpoint";
import { ENDPOINTS } from "./endpoints";
import { webhookOperations } from "./events";
import { problemOut } from "./schemas";

type JsonSchema = Record<string, unknown>;

/** JSON Schema (2020-12, as OpenAPI 3.1 uses) of a zod schema, as requests send it or responses return it. */
function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
  return rest;
}

/**
 * A JSON media type of a schema, with the schema's first example (zod
 * `.meta({ examples })`) as the media type's example: documentation renderers
 * show it as the request or response, and in the curl command. Taken from the
 * zod schema: JSON Schema leaves out the examples of a request body with a
 * field that transforms what it parses (a URL normalised), as if they were
 * the parsed value, but a body's examples are requests as sent.
 */
function jsonContent(schema: z.ZodType, io: "input" | "output") {
  const example = (schema.meta()?.examples as unknown[] | undefined)?.[0];
  return { "application/json": { schema: jsonSchema(schema, io), ...(example === undefined ? {} : { example }) } };
}

function parameters(endpoint: AnyEndpoint) {
  const from = (schema: z.ZodObject<z.ZodRawShape> | undefined, location: "path" | "query") =>
    Object.entries(schema?.shape ?? {}).map(([name, field]) => {
      const fieldSchema = field as z.ZodType;
      const { description, ...rest } = jsonSchema(fieldSchema, "input");
      return {
        name,
        in: location,
        required: location === "path" || !fieldSchema.safeParse(undefined).success,
        ...(description ? { description } : {}),
        schema: rest,
      };
    });
  return [...from(endpoint.params, "path"), ...from(endpoint.query, "query")];
}

const problemContent = { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } };

function responses(endpoint: AnyEndpoint) {
  // Any operation can be unauthenticated, rate-limited, sent parameters it doesn't take, or find the database busy.
  const codes = new Set<ErrorCode>(["UNAUTHENTICATED", "VALIDATION", "RATE_LIMITED", "SERVICE_UNAVAILABLE", ...endpoint.errors]);
  const out: Record<string, unknown> = {
    [endpoint.success.status]: {
      description: endpoint.success.description,
      ...(endpoint.success.schema ? { content: jsonContent(endpoint.success.schema, "output") } : {}),
    },
  };
  for (const code of codes) {
    const status = String(ERROR_STATUS[code]);
    const existing = out[status] as { description: string } | undefined;
    out[status] = { description: existing ? `${existing.description}, ${code}` : code, content: problemContent };
  }
  return out;
}

/** The OpenAPI 3.1 document of /api/v1, generated from the zod schemas that validate its requests. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const endpoint of ENDPOINTS) {
    paths[endpoint.path] ??= {};
    paths[endpoint.path]![endpoint.method.toLowerCase()] = {
      operationId: endpoint.operationId,
      summary: endpoint.summary,
      ...(endpoint.description ? { description: endpoint.description } : {}),
      parameters: [
        ...parameters(endpoint),
        ...(endpoint.idempotent !== undefined
          ? [{ name: "Idempotency-Key", in: "header", required: false, description: "Makes retries safe for 24 hours.", schema: { type: "string", maxLength: 255 } }]
          : []),
      ],
      ...(endpoint.body
        ? { requestBody: { required: true, content: jsonContent(endpoint.body, "input") } }
        : {}),
      responses: responses(endpoint),
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Teamhub API",
      version: "1.0.0",
      description:
        "Manage an organization's members and invitations, webhooks and the events feed. Authenticate with an organization API key (`Authorization: Bearer thk_…`, made under Account → Settings → API keys); a signed-in browser session also works from this site's own pages. Errors are application/problem+json with a stable `code`. Every response carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset headers.",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ apiKey: [] }, { session: [] }],
    paths,
    webhooks: webhookOperations((schema) => jsonContent(schema, "output")),
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "An organization API key." },
        session: { type: "apiKey", in: "cookie", name: "authjs.session-token", description: "A signed-in browser session (same-origin only)." },
      },
      schemas: { Problem: jsonSchema(problemOut, "output") },
    },
  };
}
