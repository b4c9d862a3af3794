import { prisma } from "@/lib/db/client";
import { createInvitation } from "@/lib/services/invitations/manage";
import { signUpWithInvitation } from "@/lib/services/invitations/respond";
import { createTeam, expectUnchanged, snapshot } from "../helpers/factories";

const password = "correct horse battery";

const signUpFrom = (name: string, email: string, token: string) => signUpWithInvitation({ name, email, password }, token, { ip: null });

const tokenOf = (url: string) => url.split("/accept-invitation/")[1]!;

describe("creating an account from an invitation", () => {
  it("accepts it in the same transaction: the new user is a member with the invited role, in that organization", async () => {
    const { owner, organization } = await createTeam();
    const invitation = await createInvitation(owner, { email: "New.Hire@Example.com", role: "ADMIN" }, "http://app.test");
    const user = await signUpFrom("New Hire", "new.hire@example.com", tokenOf(invitation.url));
    const member = await prisma.member.findUniqueOrThrow({ where: { userId_organizationId: { userId: user.id, organizationId: organization.id } } });
    expect(member.role).toBe("ADMIN");
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).activeOrganizationId).toBe(organization.id);
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).status).toBe("ACCEPTED");
  });

  it("creates nothing at all when the email is not the invited one", async () => {
    const { owner } = await createTeam();
    const invitation = await createInvitation(owner, { email: "invited@example.com", role: "MEMBER" }, "http://app.test");
    await expectUnchanged(await snapshot(), () => signUpFrom("Intruder", "intruder@example.com", tokenOf(invitation.url)), "FORBIDDEN");
  });

  it("creates nothing when the invitation was cancelled meanwhile", async () => {
    const { owner } = await createTeam();
    const invitation = await createInvitation(owner, { email: "late@example.com", role: "MEMBER" }, "http://app.test");
    await prisma.invitation.update({ where: { id: invitation.id }, data: { status: "CANCELLED", cancelReason: "MANUAL" } });
    await expectUnchanged(await snapshot(), () => signUpFrom("Late", "late@example.com", tokenOf(invitation.url)), "CONFLICT");
  });
});
