import { prisma } from "@/lib/db/client";
import { getDashboard } from "@/lib/services/dashboard";
import { createInvitation, cancelInvitation } from "@/lib/services/invitations/manage";
import { acceptInvitation } from "@/lib/services/invitations/respond";
import { changeMemberRole } from "@/lib/services/members";
import { actorFor, createTeam } from "../helpers/factories";
import { invitee, newEmail, origin, tokenOf } from "../helpers/invitations";

describe("the dashboard", () => {
  it("welcomes someone who just joined, with their role as the database has it, and nobody else", async () => {
    const { owner, organization } = await createTeam();
    const other = await createTeam("Globex");
    const email = newEmail("joiner");
    const invitation = await createInvitation(owner, { email, role: "ADMIN" }, origin);
    const person = await invitee(email);
    await acceptInvitation(person, { token: tokenOf(invitation.url) });
    const joiner = await actorFor(person.userId);
    expect(await getDashboard(joiner, organization.id)).toMatchObject({ welcome: { role: "ADMIN" } });
    // No flag, or another organization's id in it: no welcome.
    expect((await getDashboard(joiner, undefined)).welcome).toBeNull();
    expect((await getDashboard(joiner, other.organization.id)).welcome).toBeNull();
    // The role named is the one they have now, whatever the URL says.
    await changeMemberRole(owner, { userId: person.userId, role: "MEMBER" });
    expect((await getDashboard(await actorFor(person.userId), organization.id)).welcome).toEqual({ role: "MEMBER" });
    // Long-standing members aren't welcomed by a bookmarked or hand-made URL.
    await prisma.member.updateMany({ where: { organizationId: organization.id }, data: { joinedAt: new Date(Date.now() - 3600_000) } });
    expect((await getDashboard(owner, organization.id)).welcome).toBeNull();
    expect((await getDashboard(await actorFor(person.userId), organization.id)).welcome).toBeNull();
  });

  it("counts active invitations for Owners and Admins only", async () => {
    const { owner, admin, member } = await createTeam();
    await createInvitation(owner, { email: newEmail(), role: "MEMBER" }, origin);
    await createInvitation(admin, { email: newEmail(), role: "ADMIN" }, origin);
    const cancelled = await createInvitation(admin, { email: newEmail(), role: "MEMBER" }, origin);
    await cancelInvitation(admin, { id: cancelled.id });
    expect((await getDashboard(owner, undefined)).activeInvitations).toBe(2);
    expect((await getDashboard(admin, undefined)).activeInvitations).toBe(2);
    expect((await getDashboard(member, undefined)).activeInvitations).toBeNull();
  });
});
