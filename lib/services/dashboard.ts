import "server-only";
import { prisma } from "@/lib/db/client";
import { can, type Role } from "@/lib/permissions";
import type { Actor } from "./types";

/** How long after joining the dashboard still welcomes a new member (the page that follows accepting is shown at once). */
const WELCOME_WINDOW_MS = 10 * 60_000;

/**
 * What the dashboard shows besides the organization: the welcome after
 * joining, and the active invitations to Owners and Admins. `joinedParam` is
 * the organization id the accept and sign-up redirects put in `?joined=`: the
 * welcome is shown only when it is the active organization and the actor
 * joined it minutes ago, and the role it names is the one in the database,
 * so a hand-made URL can't make it say anything untrue.
 */
export async function getDashboard(
  actor: Actor,
  joinedParam: string | undefined,
): Promise<{ welcome: { role: Role } | null; activeInvitations: number | null }> {
  const [membership, activeInvitations] = await Promise.all([
    joinedParam === actor.organizationId
      ? prisma.member.findUnique({
          where: { userId_organizationId: { userId: actor.userId, organizationId: actor.organizationId } },
          select: { role: true, joinedAt: true },
        })
      : null,
    can(actor.role, "invitation:list")
      ? prisma.invitation.count({ where: { organizationId: actor.organizationId, status: "PENDING", expiresAt: { gt: new Date() } } })
      : null,
  ]);
  const welcome = membership && Date.now() - membership.joinedAt.getTime() < WELCOME_WINDOW_MS ? { role: membership.role } : null;
  return { welcome, activeInvitations };
}
