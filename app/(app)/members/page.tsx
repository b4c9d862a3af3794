import type { Metadata } from "next";
import Link from "next/link";
import { AppShell } from "@/app/(app)/app-shell";
import { MemberNotices } from "@/components/members/member-notices";
import { MembersTable } from "@/components/members/members-table";
import { buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { listFromCursor } from "@/lib/pagination";
import { can } from "@/lib/permissions";
import { listMembers } from "@/lib/services/members";
import { getOrganization } from "@/lib/services/organizations";
import { requireActor } from "@/lib/auth/session";
import { changeMemberRoleAction, removeMemberAction, transferOwnershipAction } from "./actions";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const resolved = await requireActor("/members");
  const { actor } = resolved;
  const params = await searchParams;
  const q = typeof params.q === "string" ? params.q.slice(0, 200) : "";
  const cursor = typeof params.cursor === "string" ? params.cursor : undefined;
  const organization = await getOrganization(actor);
  const page = await listFromCursor(cursor, (from) => listMembers(actor, { q, cursor: from }));
  const showPrivate = can(actor.role, "member:read-private");

  return (
    <AppShell resolved={resolved} title="Members">
      <p className="text-sm text-slate-600">
        Everyone in {organization.name} ({organization.memberCount}).{" "}
        {showPrivate ? "" : "Only Owners and Admins see email addresses and activity."}
      </p>
      <form role="search" className="flex max-w-md gap-2" action="/members">
        <label htmlFor="q" className="sr-only">
          Search members {showPrivate ? "by name or email" : "by name"}
        </label>
        <input id="q" name="q" type="search" defaultValue={q} className={inputClass} placeholder={showPrivate ? "Search by name or email" : "Search by name"} />
        <button type="submit" className={buttonClass("secondary")}>
          Search
        </button>
      </form>
      {can(actor.role, "member:remove") ? (
        <p className="text-sm text-slate-600">
          Nobody changes their own role or removes themselves (that is Leave Organization, in Settings), and the organization always keeps
          at least one Owner.
        </p>
      ) : null}
      <MemberNotices>
        {page.data.length === 0 ? (
          <p className="text-sm text-slate-600">No members match “{q}”.</p>
        ) : (
          <MembersTable
            members={page.data}
            viewer={actor}
            organization={organization}
            showPrivate={showPrivate}
            actions={{ changeRole: changeMemberRoleAction, remove: removeMemberAction, transferOwnership: transferOwnershipAction }}
          />
        )}
      </MemberNotices>
      {page.nextCursor ? (
        <Link className="text-sm font-medium text-brand-700 underline" href={`/members?${new URLSearchParams({ ...(q ? { q } : {}), cursor: page.nextCursor })}`}>
          Next page
        </Link>
      ) : null}
    </AppShell>
  );
}
