import { SERVICE_UNAVAILABLE_MESSAGE, SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS } from "./db/service-unavailable.cjs";

export { SERVICE_UNAVAILABLE_MESSAGE };

/** Stable error codes shared by forms (ActionState) and the API (problem+json). */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  VALIDATION: 422,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type FieldErrors = Record<string, string[]>;

/** The one error class services throw; anything else is a bug. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fieldErrors?: FieldErrors;
  /** Seconds until a rate-limited caller, or one the database couldn't serve, may try again. */
  readonly retryAfter?: number;

  constructor(code: ErrorCode, message: string, extra: { fieldErrors?: FieldErrors; retryAfter?: number } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = extra.fieldErrors;
    this.retryAfter = extra.retryAfter;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const forbidden = (message: string) => new AppError("FORBIDDEN", message);
export const notFound = (message = "Not found.") => new AppError("NOT_FOUND", message);
export const conflict = (message: string) => new AppError("CONFLICT", message);

/**
 * Next.js hands error boundaries only an error's digest (the message is hidden
 * in production) and keeps a digest the error already has: app/error.tsx
 * recognises this one.
 */
export const SERVICE_UNAVAILABLE_DIGEST = "TEAMHUB_SERVICE_UNAVAILABLE";

/** The database couldn't serve the request in time (lib/db/unavailable.ts): 503, try again shortly. */
export function serviceUnavailable(): AppError {
  const error = new AppError("SERVICE_UNAVAILABLE", SERVICE_UNAVAILABLE_MESSAGE, { retryAfter: SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS });
  return Object.assign(error, { digest: SERVICE_UNAVAILABLE_DIGEST });
}

/** True for PostgreSQL unique violations, optionally on one named constraint/index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; meta?: { target?: unknown; constraint?: unknown }; cause?: unknown };
  if (e?.code === "P2002") {
    if (!constraint) return true;
    return JSON.stringify(e.meta ?? {}).includes(constraint);
  }
  if (e?.code === "23505") return !constraint || (error as { constraint?: string }).constraint === constraint;
  return false;
}
