/**
 * Where to go after signing in: only paths on this site. Anything else
 * (absolute URLs, protocol-relative "//host", backslash tricks) goes home.
 */
export function safeReturnPath(candidate: unknown, fallback = "/dashboard"): string {
  if (typeof candidate !== "string" || candidate.length > 2000) return fallback;
  if (!candidate.startsWith("/") || candidate.startsWith("//") || candidate.includes("\\")) return fallback;
  if (/[\u0000-\u001f]/.test(candidate)) return fallback;
  try {
    const url = new URL(candidate, "http://same-site.invalid");
    if (url.origin !== "http://same-site.invalid") return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}

/**
 * The sign-up page for someone on their way to `returnPath`. On the way to an
 * invitation, its token goes along, so the new account is made with the
 * invited email and joins at once.
 */
export function signUpPath(returnPath: string): string {
  const token = /^\/accept-invitation\/([^/?#]+)$/.exec(returnPath)?.[1];
  const query = new URLSearchParams(token ? { invitation: token } : {});
  query.set("callbackUrl", returnPath);
  return `/sign-up?${query}`;
}
