/**
 * The client's address, from X-Forwarded-For. The production server
 * (lib/cli/server.cjs) appends the socket's address to that header, so the
 * rightmost entry is whoever connected; behind TRUSTED_PROXY_HOPS reverse
 * proxies, each of which appends the address it saw, the client is that many
 * entries further left. Entries left of that are client-supplied and ignored.
 */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for");
  if (!forwarded) return null;
  const hops = Number(process.env.TRUSTED_PROXY_HOPS ?? 0);
  const entries = forwarded.split(",").map((entry) => entry.trim()).filter(Boolean);
  const index = Math.max(0, entries.length - 1 - (Number.isInteger(hops) && hops > 0 ? hops : 0));
  return entries[index]?.slice(0, 64) ?? null;
}
