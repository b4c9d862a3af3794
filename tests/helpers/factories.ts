import { prisma } from "@/lib/db/client";
import type { Role } from "@/lib/permissions";
import { signUp } from "@/lib/services/accounts";
import { resolveActor } from "@/lib/services/actors";
import { authenticateApiKey, createApiKey } from "@/lib/services/api-keys";
import type { Actor } from "@/lib/services/types";

let counter = 0;

/** A signed-up user (with their personal organization), as the services see them. */
export async function createUser(name = "Test User", email?: string) {
  counter += 1;
  const address = email ?? `user${counter}-${Date.now()}@example.com`;
  return signUp({ name, email: address, password: "correct horse battery" }, { ip: null });
}

/** The actor for a user in their active organization, resolved from the database. */
export async function actorFor(userId: string, ip: string | null = "203.0.113.7"): Promise<Actor> {
  const resolved = await resolveActor(userId, ip);
  if (!resolved) throw new Error(`no actor for ${userId}`);
  return resolved.actor;
}

/** Adds a user to an organization with a role, directly (test set-up only). */
export async function addMember(organizationId: string, userId: string, role: Role) {
  await prisma.member.create({ data: { organizationId, userId, role } });
}

/** The actor for a user acting in a given organization. */
export async function actorIn(userId: string, organizationId: string): Promise<Actor> {
  await prisma.user.update({ where: { id: userId }, data: { activeOrganizationId: organizationId } });
  return actorFor(userId);
}

/** Every row of the tables a refused operation must leave untouched. */
export async function snapshot() {
  const [users, organizations, members, invitations, notifications, auditLogs, apiKeys, idempotencyRecords, events, webhookEndpoints, webhookDeliveries] =
    await Promise.all([
      prisma.user.findMany({ orderBy: { id: "asc" } }),
      prisma.organization.findMany({ orderBy: { id: "asc" } }),
      prisma.member.findMany({ orderBy: { id: "asc" }, omit: { lastActiveAt: true } }),
      prisma.invitation.findMany({ orderBy: { id: "asc" } }),
      prisma.notification.findMany({ orderBy: { id: "asc" } }),
      prisma.auditLog.findMany({ orderBy: { id: "asc" } }),
      prisma.apiKey.findMany({ orderBy: { id: "asc" } }),
      prisma.idempotencyRecord.findMany({ orderBy: { id: "asc" } }),
      prisma.event.findMany({ orderBy: { id: "asc" } }),
      prisma.webhookEndpoint.findMany({ orderBy: { id: "asc" } }),
      prisma.webhookDelivery.findMany({ orderBy: { id: "asc" } }),
    ]);
  return { users, organizations, members, invitations, notifications, auditLogs, apiKeys, idempotencyRecords, events, webhookEndpoints, webhookDeliveries };
}

/** Asserts a refused operation changed nothing. */
export async function expectUnchanged(before: Awaited<ReturnType<typeof snapshot>>, operation: () => Promise<unknown>, code: string) {
  await expect(operation()).rejects.toMatchObject({ code });
  expect(await snapshot()).toEqual(before);
}

let bulkCounter = 0;

/**
 * Many users at once, without signUp's password hashing or personal
 * organizations (they can be members, not actors). Returns them in creation order.
 */
export async function createUsers(count: number, name: (index: number) => string = (index) => `Bulk User ${index}`) {
  bulkCounter += 1;
  const batch = `b${bulkCounter}-${Date.now()}`;
  const data = Array.from({ length: count }, (_, index) => ({
    name: name(index),
    email: `bulk${index}-${batch}@example.com`,
    passwordHash: "not-a-real-hash",
  }));
  await prisma.user.createMany({ data });
  const users = await prisma.user.findMany({ where: { email: { endsWith: `-${batch}@example.com` } }, select: { id: true, name: true, email: true } });
  const order = new Map(data.map((user, index) => [user.email, index]));
  return users.sort((a, b) => order.get(a.email)! - order.get(b.email)!);
}

/** An organization with an Owner, an Admin and a Member, each with their actor in it. */
export async function createTeam(organizationName = "Acme") {
  const [owner, admin, member] = await Promise.all([createUser("Olivia Owner"), createUser("Adam Admin"), createUser("Mia Member")]);
  const organization = await prisma.organization.create({ data: { name: organizationName } });
  // Joined a second apart, in this order.
  const joined = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000);
  await prisma.member.createMany({
    data: [
      { organizationId: organization.id, userId: owner.id, role: "OWNER", joinedAt: joined(3) },
      { organizationId: organization.id, userId: admin.id, role: "ADMIN", joinedAt: joined(2) },
      { organizationId: organization.id, userId: member.id, role: "MEMBER", joinedAt: joined(1) },
    ],
  });
  return {
    organization,
    users: { owner, admin, member },
    owner: await actorIn(owner.id, organization.id),
    admin: await actorIn(admin.id, organization.id),
    member: await actorIn(member.id, organization.id),
  };
}

/** An organization API key created by `creator`, and the actor a request presenting its secret acts as. */
export async function createApiKeyActor(creator: Actor, role: "ADMIN" | "MEMBER", name = "CI deploy") {
  const { secret, apiKey } = await createApiKey(creator, { name, role });
  const actor = await authenticateApiKey(secret, "198.51.100.4");
  if (!actor) throw new Error(`key ${apiKey.id} doesn't authenticate`);
  return { secret, apiKey, actor };
}
