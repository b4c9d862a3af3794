import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { sessionClaims } from "@/lib/auth/session-token";
import { clientIp } from "@/lib/http/client-ip";
import { resolveActor, resolvePageActor, type PageActor, type ResolvedActor } from "@/lib/services/actors";

/** The session's claims and the client's address, or null when nobody is signed in. */
async function sessionOf(): Promise<{ userId: string; sessionVersion: number; ip: string | null } | null> {
  const requestHeaders = await headers();
  const session = await sessionClaims(requestHeaders);
  return session && { ...session, ip: clientIp(requestHeaders) };
}

/**
 * The one place server actions and route handlers learn who is acting (pages:
 * requirePageActor). The session only says which user signed in; their
 * organization and role come from the database on every request. Cached per
 * request.
 */
export const currentActor = cache(async (): Promise<ResolvedActor | null> => {
  const session = await sessionOf();
  return session && resolveActor(session.userId, session.ip, session.sessionVersion);
});

/** currentActor for a page, with what its frame shows (the active organization, the navigation) read in the same statement. */
const currentPageActor = cache(async (): Promise<PageActor | null> => {
  const session = await sessionOf();
  return session && resolvePageActor(session.userId, session.ip, session.sessionVersion);
});

/** For server actions: the actor, or a redirect to sign in. */
export async function requireActor(): Promise<ResolvedActor> {
  return signedIn(await currentActor());
}

/** For pages: the actor with what the page frame shows, or a redirect to sign in (coming back here afterwards). */
export async function requirePageActor(returnTo: string): Promise<PageActor> {
  return signedIn(await currentPageActor(), returnTo);
}

function signedIn<T>(resolved: T | null, returnTo?: string): T {
  if (!resolved) redirect(returnTo ? `/sign-in?callbackUrl=${encodeURIComponent(returnTo)}` : "/sign-in");
  return resolved;
}

/** For the sign-in and sign-up pages: someone already signed in goes on to `destination` instead. */
export async function redirectIfSignedIn(destination: string): Promise<void> {
  if (await currentActor()) redirect(destination);
}
