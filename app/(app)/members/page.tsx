import type { Metadata } from "next";
import Link from "next/link";
import { AppShell } from "@/app/(app)/app-shell";
import { InviteMembersDialog } from "@/components/invitations/invite-members-dialog";
import { PendingInvitations, type InvitationsLink } from "@/components/invitations/pending-invitations";
import { MemberNotices } from "@/components/members/member-notices";
import { memberRow } from "@/components/members/member-row";
import { MembersTable } from "@/components/members/members-table";
import { buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { emailConfigured } from "@/lib/mail/config";
import { listFromCursor } from "@/lib/pagination";
import { can, invitableRoles } from "@/lib/permissions";
import { listInvitations } from "@/lib/services/invitations/manage";
import { INVITATION_STATE_NAMES, type InvitationState } from "@/lib/services/invitations/view";
import { listMembers } from "@/lib/services/members";
import type { OrganizationView } from "@/lib/services/organizations";
import { requirePageActor } from "@/lib/auth/session";
import type { Actor } from "@/lib/services/types";
import { cancelInvitationAction, copyInvitationLinkAction, inviteAgainAction, resendInvitationAction } from "../settings/actions";
import { changeMemberRoleAction, inviteMembersAction, removeMemberAction, transferOwnershipAction } from "./actions";

export const metadata: Metadata = { title: "Members" };

type Params = Record<string, string | string[] | undefined>;

const invitationRowActions = { copy: copyInvitationLinkAction, cancel: cancelInvitationAction, resend: resendInvitationAction, inviteAgain: inviteAgainAction };

/** The Pending Invitations view's filters and pages stay on Members. */
const onMembers: InvitationsLink = (query) => `/members?${new URLSearchParams({ view: "invitations", ...query })}`;

function InviteMembers({ actor }: { actor: Actor }) {
  return <InviteMembersDialog action={inviteMembersAction} rowActions={invitationRowActions} roles={invitableRoles(actor.role)} sendsEmail={emailConfigured()} />;
}

/** Members and Pending Invitations, each its own view (a link), so a page carries one list. */
function ViewTabs({ current }: { current: "members" | "invitations" }) {
  const tab = (view: typeof current, href: string, label: string) => (
    <Link href={href} aria-current={view === current ? "page" : undefined}>
      {label}
    </Link>
  );
  return (
    <nav aria-label="Members and invitations" className="view-tabs">
      {tab("members", "/members", "Members")}
      {tab("invitations", "/members?view=invitations", "Pending Invitations")}
    </nav>
  );
}

async function InvitationsView({ actor, params }: { actor: Actor; params: Params }) {
  const state = INVITATION_STATE_NAMES.find((name) => name === params.state);
  const cursor = typeof params.cursor === "string" ? params.cursor : undefined;
  const invitations = await listFromCursor(cursor, (from) => listInvitations(actor, { state, cursor: from }));
  return (
    <PendingInvitations
      invitations={invitations.data}
      nextCursor={invitations.nextCursor}
      filter={state?.toUpperCase() as InvitationState | undefined}
      actions={invitationRowActions}
      linkTo={onMembers}
    />
  );
}

async function MembersView({ actor, organization, params, alone }: { actor: Actor; organization: OrganizationView; params: Params; alone: boolean }) {
  const q = typeof params.q === "string" ? params.q.slice(0, 200) : "";
  const cursor = typeof params.cursor === "string" ? params.cursor : undefined;
  const page = await listFromCursor(cursor, (from) => listMembers(actor, { q, cursor: from }));
  const showPrivate = can(actor.role, "member:read-private");
  return (
    <>
      <p className="text-sm text-slate-600">
        Everyone in {organization.name} ({organization.memberCount}).{" "}
        {showPrivate
          ? page.data.some((member) => member.emailVerified === false)
            ? "“unverified”: hasn't confirmed their email address yet."
            : ""
          : "Only Owners and Admins see email addresses and activity."}
      </p>
      {alone ? (
        <div className="space-y-3 rounded-xl border border-dashed border-slate-300 bg-white p-6 text-center">
          <h2 className="text-lg font-semibold">You&apos;re the only member. Invite your team</h2>
          <p className="text-sm text-slate-600">Paste their email addresses: each gets an invitation link, and joins with the role you choose.</p>
          <InviteMembers actor={actor} />
        </div>
      ) : null}
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
            rows={page.data.map(memberRow)}
            viewer={{ userId: actor.userId, role: actor.role }}
            organization={{ name: organization.name, personalOwnerId: organization.personalOwnerId }}
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
    </>
  );
}

export default async function MembersPage({ searchParams }: { searchParams: Promise<Params> }) {
  const resolved = await requirePageActor("/members");
  const { actor } = resolved;
  const params = await searchParams;
  const { organization } = resolved;
  const canInvite = can(actor.role, "invitation:create");
  // Pending Invitations is for Owners and Admins; anyone else asking for it sees the members.
  const view = params.view === "invitations" && can(actor.role, "invitation:list") ? "invitations" : "members";
  // Then the list says so, and offers Invite members itself.
  const alone = canInvite && view === "members" && organization.memberCount === 1 && !params.q;

  return (
    <AppShell resolved={resolved} title="Members">
      {canInvite ? (
        <div className="flex flex-wrap items-end justify-between gap-3">
          <ViewTabs current={view} />
          {alone ? null : <InviteMembers actor={actor} />}
        </div>
      ) : null}
      {view === "invitations" ? (
        <InvitationsView actor={actor} params={params} />
      ) : (
        <MembersView actor={actor} organization={organization} params={params} alone={alone} />
      )}
    </AppShell>
  );
}
