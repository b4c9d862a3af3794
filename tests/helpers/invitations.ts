import { createUser } from "./factories";

/** Shared by the invitation tests (tests/integration/invitations-*.test.ts). */

export const origin = "https://teamhub.example";
let emails = 0;
export const newEmail = (prefix = "invitee") => `${prefix}${++emails}-${Date.now()}@example.com`;
export const tokenOf = (url: string) => url.split("/").pop()!;

let invitees = 0;
/** An invited person, each from their own address (link use is limited per address). */
export async function invitee(email: string, name = "Ivy Invitee") {
  const user = await createUser(name, email);
  invitees += 1;
  const ip = `198.51.${100 + Math.floor(invitees / 250)}.${invitees % 250}`;
  return { userId: user.id, name, email: user.email, ip, personalOrganizationId: user.personalOrganizationId };
}
