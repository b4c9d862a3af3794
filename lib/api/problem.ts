import { AppError, ERROR_STATUS, type ErrorCode } from "@/lib/errors";

const TITLES: Record<ErrorCode, string> = {
  BAD_REQUEST: "Bad request",
  UNAUTHENTICATED: "Authentication required",
  FORBIDDEN: "Forbidden",
  NOT_FOUND: "Not found",
  CONFLICT: "Conflict",
  PAYLOAD_TOO_LARGE: "Request body too large",
  UNSUPPORTED_MEDIA_TYPE: "Unsupported media type",
  VALIDATION: "Validation failed",
  RATE_LIMITED: "Too many requests",
  UNAVAILABLE: "Service unavailable",
};

export const PROBLEM_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

/** RFC 9457 problem details, with our stable `code` and per-field errors. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode | "INTERNAL";
  errors?: Record<string, string[]>;
};

export function problemOf(error: unknown): Problem {
  if (error instanceof AppError) {
    return {
      type: `/api-docs#problem-${error.code.toLowerCase()}`,
      title: TITLES[error.code],
      status: error.status,
      detail: error.message,
      code: error.code,
      ...(error.fieldErrors ? { errors: error.fieldErrors } : {}),
    };
  }
  // A bug: logged on the server, never described to the client.
  console.error(error);
  return { type: "about:blank", title: "Internal Server Error", status: 500, detail: "Something went wrong on our side.", code: "INTERNAL" };
}

export function problemResponse(error: unknown, headers: HeadersInit = {}): Response {
  const problem = problemOf(error);
  const responseHeaders = new Headers(headers);
  responseHeaders.set("Content-Type", "application/problem+json");
  if (error instanceof AppError && error.retryAfter !== undefined) responseHeaders.set("Retry-After", String(error.retryAfter));
  if (problem.status === 401) responseHeaders.set("WWW-Authenticate", 'Bearer realm="teamhub"');
  return new Response(JSON.stringify(problem), { status: problem.status, headers: responseHeaders });
}
