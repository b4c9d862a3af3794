import type { Role } from "@/lib/permissions";
import type { MemberView } from "@/lib/services/members";

/**
 * A member as the list's rows get it from the server: the facts the row
 * shows, in a fixed order, times in milliseconds. Compact because the page
 * sends one per row to the browser, which hydrates the list from them (issue
 * 10: the /members page weighs at most 40 KB for 50 rows).
 */
export type MemberRow = [userId: string, name: string, email: string | null, role: Role, joinedAt: number, lastActiveAt: number | null, unverified: 0 | 1];

export function memberRow(member: MemberView): MemberRow {
  return [
    member.userId,
    member.name,
    member.email,
    member.role,
    member.joinedAt.getTime(),
    member.lastActiveAt?.getTime() ?? null,
    member.emailVerified === false ? 1 : 0,
  ];
}
