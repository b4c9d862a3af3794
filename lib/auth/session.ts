import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/lib/auth";
import { clientIp } from "@/lib/http/client-ip";
import { resolveActor, type ResolvedActor } from "@/lib/services/actors";

/**
 * The one place pages, server actions and route handlers learn who is acting.
 * The session only says which user signed in; their organization and role
 * come from the database on every request. Cached per request.
 */
export const currentActor = cache(async (): Promise<ResolvedActor | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  return resolveActor(userId, clientIp(await headers()), session.sessionVersion);
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
