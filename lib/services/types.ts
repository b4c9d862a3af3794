import type { Role } from "@/lib/permissions";

/**
 * Who is acting, resolved from the database on every request (never from a
 * session token): the user, the organization they act in and their role there.
 * API keys resolve into the same shape, acting with the key's role.
 */
export type Actor = {
  userId: string;
  name: string;
  email: string;
  organizationId: string;
  role: Role;
  personalOrganizationId: string;
  /** Set when a program acts through an organization API key. */
  apiKey?: { id: string; name: string };
  /** Client address, for the audit log. */
  ip: string | null;
};

/** Request facts for operations done before anyone is signed in. */
export type RequestContext = { ip: string | null };

