import { problemOf, problemResponse } from "@/lib/api/problem";
import { AppError } from "@/lib/errors";
import { isSameOrigin, requestOriginOf } from "@/lib/http/origin";
import { REFUSALS } from "@/lib/permissions/refusals";

/** Whether every %-escape of a URL path decodes to UTF-8. */
function decodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * What Next.js takes for a server action (its own test): a POST with a
 * Next-Action header, a multipart form or a URL-encoded form, to a page.
 */
function isPossibleServerAction(request: Request, path: string): boolean {
  if (request.method !== "POST" || path.startsWith("/api/")) return false;
  const type = request.headers.get("content-type") ?? "";
  return request.headers.has("next-action") || type.startsWith("multipart/form-data") || type === "application/x-www-form-urlencoded";
}

async function isWellFormedForm(request: Request): Promise<boolean> {
  try {
    await request.clone().formData();
    return true;
  } catch {
    return false;
  }
}

/** Why the request can't be served, or null. */
async function malformation(request: Request, path: string): Promise<AppError | null> {
  if (requestOriginOf(request.headers) === null) return new AppError("BAD_REQUEST", "The Host header is malformed.");
  if (!decodes(path)) return new AppError("BAD_REQUEST", "The address has a malformed %-escape.");
  if (isPossibleServerAction(request, path)) {
    if (!isSameOrigin(request.headers)) return new AppError("FORBIDDEN", REFUSALS.crossSiteForm);
    if (request.headers.get("content-type")!.startsWith("multipart/form-data") && !(await isWellFormedForm(request))) {
      return new AppError("BAD_REQUEST", "The form data is malformed.");
    }
  }
  return null;
}

/** A plain error page for browsers; the message is one of ours, never request text. */
function errorPage(error: AppError): Response {
  const { status, title } = problemOf(error);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} · Teamhub</title></head><body><h1>${title}</h1><p>${error.message}</p><p><a href="/">Teamhub</a></p></body></html>`;
  return new Response(html, {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'", "Cache-Control": "no-store" },
  });
}

/**
 * Refuses, before Next.js sees them, requests it would answer with a 500 and
 * a stack trace in the log: a malformed Host, a path whose %-escapes don't
 * decode, a server action from another site (or with no Origin at all), a
 * multipart body that doesn't parse. 4xx as problem+json under /api, a plain
 * page elsewhere; null when the request may go on.
 */
export async function refuseMalformedRequest(request: Request, path: string): Promise<Response | null> {
  const error = await malformation(request, path);
  if (!error) return null;
  return path.startsWith("/api/") ? problemResponse(error) : errorPage(error);
}
