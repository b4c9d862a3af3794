import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { sessionClaims } from "@/lib/auth/session-token";
import { clientIp } from "@/lib/http/client-ip";
import { resolveActor, type ResolvedActor } from "@/lib/services/actors";

/**
 * The one place pages, server actions and route handlers learn who is acting.
 * The session only says which user signed in; their organization and role
 * come from the database on every request. Cached per request.
 */
export const currentActor = cache(async (): Promise<ResolvedActor | null> => {
  const requestHeaders = await headers();
  const session = await sessionClaims(requestHeaders);
  if (!session) return null;
  return resolveActor(session.userId, clientIp(requestHeaders), session.sessionVersion);
});

/** For pages: the actor, or a redirect to sign in (coming back here afterwards). */
export async function requireActor(returnTo?: string): Promise<ResolvedActor> {
  const resolved = await currentActor();
  if (!resolved) redirect(returnTo ? `/sign-in?callbackUrl=${encodeURIComponent(returnTo)}` : "/sign-in");
  return resolved;
}

/** For the sign-in and sign-up pages: someone already signed in goes on to `destination` instead. */
export async function redirectIfSignedIn(destination: string): Promise<void> {
  if (await currentActor()) redirect(destination);
}
