import type { Metadata } from "next";
import { AppShell } from "@/components/app-shell";
import { InviteMemberForm } from "@/components/invitations/invite-member-form";
import { PendingInvitations } from "@/components/invitations/pending-invitations";
import { LeaveOrganization } from "@/components/members/leave-organization";
import { Section } from "@/components/ui/section";
import { can, invitableRoles, ROLE_LABELS } from "@/lib/permissions";
import { listInvitations, type InvitationState } from "@/lib/services/invitations";
import { getOrganization } from "@/lib/services/organizations";
import { requireActor } from "@/lib/session";
import {
  cancelInvitationAction,
  copyInvitationLinkAction,
  createInvitationAction,
  leaveOrganizationAction,
  resendInvitationAction,
} from "./actions";

export const metadata: Metadata = { title: "Settings" };

const STATES = ["active", "expired", "accepted", "rejected", "cancelled"] as const;

export default async function SettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const resolved = await requireActor("/settings");
  const { actor } = resolved;
  const params = await searchParams;
  const organization = await getOrganization(actor);
  const stateParam = STATES.find((state) => state === params.state);
  const cursor = typeof params.cursor === "string" ? params.cursor : undefined;
  const invitations = can(actor.role, "invitation:list")
    ? await listInvitations(actor, { state: stateParam, cursor }).catch(() => listInvitations(actor, { state: stateParam }))
    : null;

  return (
    <AppShell resolved={resolved} title="Settings">
      <Section id="organization" title="Organization">
        <p className="text-sm text-slate-700">
          <span className="font-medium">{organization.name}</span>
          {organization.personal ? " (personal)" : ""} · your role: {ROLE_LABELS[actor.role]} · {organization.memberCount}{" "}
          {organization.memberCount === 1 ? "member" : "members"}
        </p>
      </Section>

      {can(actor.role, "invitation:create") ? (
        <Section
          id="invite"
          title="Invite Member by Link"
          description="Links are tied to the email address and work only for it. The platform doesn't send emails: share the link yourself."
        >
          <InviteMemberForm action={createInvitationAction} roles={invitableRoles(actor.role)} />
        </Section>
      ) : null}

      {invitations ? (
        <Section id="pending-invitations" title="Pending Invitations" description="Active, expired and answered invitations of this organization.">
          <PendingInvitations
            invitations={invitations.data}
            nextCursor={invitations.nextCursor}
            filter={stateParam?.toUpperCase() as InvitationState | undefined}
            actions={{ copy: copyInvitationLinkAction, cancel: cancelInvitationAction, resend: resendInvitationAction }}
          />
        </Section>
      ) : null}

      <Section id="leave" title="Leave Organization">
        {organization.personal ? (
          <p className="text-sm text-slate-600">This is your personal organization. It can&apos;t be left.</p>
        ) : (
          <>
            <p className="text-sm text-slate-600">
              You will lose access to {organization.name} and return to your personal organization. The last Owner can&apos;t leave: make
              another member Owner first.
            </p>
            <LeaveOrganization action={leaveOrganizationAction} organizationName={organization.name} />
          </>
        )}
      </Section>
    </AppShell>
  );
}
