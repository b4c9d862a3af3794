/**
 * The client's address, from X-Forwarded-For. Next.js fills that header from
 * the socket when a request arrives without one; behind reverse proxies,
 * TRUSTED_PROXY_HOPS says how many proxies append to it, and the address they
 * saw is taken (entries further left are client-supplied and can't be trusted).
 */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for");
  if (!forwarded) return headers.get("x-real-ip");
  const hops = Number(process.env.TRUSTED_PROXY_HOPS ?? 0);
  const entries = forwarded.split(",").map((entry) => entry.trim()).filter(Boolean);
  const index = Math.max(0, entries.length - 1 - (Number.isInteger(hops) && hops > 0 ? hops - 1 : 0));
  return entries[index]?.slice(0, 64) ?? null;
}
