const SAME_SITE = "http://same-site.invalid";

/** A path that stays on this site wherever it is used as a URL: one leading slash, no backslash, no control character. */
function isSitePath(path: string): boolean {
  return path.startsWith("/") && !path.startsWith("//") && !path.includes("\\") && !/[\u0000-\u001f\u007f]/.test(path);
}

/** The path, query and fragment the URL parser makes of `path` ("/a/../b" → "/b"), or null if it leaves the site. */
function normalised(path: string): string | null {
  try {
    const url = new URL(path, SAME_SITE);
    return url.origin === SAME_SITE ? `${url.pathname}${url.search}${url.hash}` : null;
  } catch {
    return null;
  }
}

/**
 * Where to go after signing in: only paths on this site. Anything else
 * (absolute URLs, protocol-relative "//host", backslash tricks) goes home.
 * Normalising can turn a harmless-looking path into one that leaves the
 * site ("/.//evil.example" → "//evil.example"), so the result is checked
 * again, and must come out of a second normalisation unchanged.
 */
export function safeReturnPath(candidate: unknown, fallback = "/dashboard"): string {
  if (typeof candidate !== "string" || candidate.length > 2000 || !isSitePath(candidate)) return fallback;
  const path = normalised(candidate);
  if (path === null || !isSitePath(path) || normalised(path) !== path) return fallback;
  return path;
}

/** The invitation token of a path to an invitation page ("/accept-invitation/<token>"), if it is one. */
export function invitationTokenIn(returnPath: string): string | undefined {
  return /^\/accept-invitation\/([^/?#]+)$/.exec(returnPath)?.[1];
}

/**
 * The sign-up page for someone on their way to `returnPath`. On the way to an
 * invitation, its token goes along, so the new account is made with the
 * invited email and joins at once.
 */
export function signUpPath(returnPath: string): string {
  const token = invitationTokenIn(returnPath);
  const query = new URLSearchParams(token ? { invitation: token } : {});
  query.set("callbackUrl", returnPath);
  return `/sign-up?${query}`;
}
