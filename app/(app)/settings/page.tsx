import type { Metadata } from "next";
import Link from "next/link";
import { AppShell } from "@/app/(app)/app-shell";
import { InviteMemberForm } from "@/components/invitations/invite-member-form";
import { PendingInvitations } from "@/components/invitations/pending-invitations";
import { ApiKeyList, type ApiKeyRow } from "@/components/api-keys/api-key-list";
import { CreateApiKeyForm } from "@/components/api-keys/create-api-key-form";
import { DeleteOrganization } from "@/components/organizations/delete-organization";
import { RenameOrganizationForm } from "@/components/organizations/rename-organization-form";
import { LeaveOrganization } from "@/components/members/leave-organization";
import { Section } from "@/components/ui/section";
import { eventTypeOptions } from "@/components/webhooks/event-types";
import { WebhookForm } from "@/components/webhooks/webhook-form";
import { WebhookList, type WebhookRow } from "@/components/webhooks/webhook-list";
import { emailConfigured } from "@/lib/mail/config";
import { WEBHOOK_DISABLED_BECAUSE } from "@/lib/webhooks/disable-reasons";
import { listFromCursor } from "@/lib/pagination";
import { can, invitableRoles, leaveRefusal, ROLE_LABELS } from "@/lib/permissions";
import { listApiKeys, type ApiKeyView } from "@/lib/services/api-keys";
import { listInvitations } from "@/lib/services/invitations/manage";
import { INVITATION_STATE_NAMES, type InvitationState } from "@/lib/services/invitations/view";
import { countOwners } from "@/lib/services/members";
import { EVENT_TYPES } from "@/lib/services/events/records";
import { listWebhookEndpoints, type WebhookEndpointView } from "@/lib/services/webhooks/endpoints";
import { requirePageActor } from "@/lib/auth/session";
import {
  cancelInvitationAction,
  copyInvitationLinkAction,
  createApiKeyAction,
  createInvitationAction,
  deleteOrganizationAction,
  leaveOrganizationAction,
  renameOrganizationAction,
  resendInvitationAction,
  inviteAgainAction,
  revokeApiKeyAction,
} from "./actions";
import { createWebhookAction } from "./webhooks/actions";

export const metadata: Metadata = { title: "Settings" };

function apiKeyRow(apiKey: ApiKeyView): ApiKeyRow {
  return {
    id: apiKey.id,
    name: apiKey.name,
    role: apiKey.role,
    prefix: apiKey.prefix,
    createdBy: apiKey.createdBy.name,
    createdAt: apiKey.createdAt,
    lastUsedAt: apiKey.lastUsedAt,
    expiresAt: apiKey.expiresAt,
    status: apiKey.revokedAt ? "Revoked" : !apiKey.active ? "Expired" : apiKey.suspended ? "Suspended" : "Active",
  };
}

function webhookRow(endpoint: WebhookEndpointView): WebhookRow {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    events: endpoint.eventTypes ? endpoint.eventTypes.join(", ") : "All events",
    status: endpoint.enabled ? "Enabled" : endpoint.disabledReason ? "Disabled by Teamhub" : "Disabled",
    disabledBecause: !endpoint.enabled && endpoint.disabledReason ? WEBHOOK_DISABLED_BECAUSE[endpoint.disabledReason] : null,
    failingSince: endpoint.failingSince,
    createdBy: endpoint.createdBy.name,
    createdAt: endpoint.createdAt,
  };
}

export default async function SettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const resolved = await requirePageActor("/settings");
  const { actor } = resolved;
  const params = await searchParams;
  const { organization } = resolved;
  const stateParam = INVITATION_STATE_NAMES.find((state) => state === params.state);
  const cursor = typeof params.cursor === "string" ? params.cursor : undefined;
  const invitations = can(actor.role, "invitation:list")
    ? await listFromCursor(cursor, (from) => listInvitations(actor, { state: stateParam, cursor: from }))
    : null;
  const apiKeys = can(actor.role, "api-key:manage") ? await listApiKeys(actor) : null;
  // Only an Owner can be the last one, so Owners are counted only for an Owner.
  const leaveRefused = actor.role === "OWNER" && !organization.personal ? leaveRefusal(actor.role, await countOwners(actor)) : null;
  const webhooks = can(actor.role, "webhook:manage") ? await listWebhookEndpoints(actor) : null;

  return (
    <AppShell resolved={resolved} title="Settings">
      <Section id="organization" title="Organization">
        <p className="text-sm text-slate-700">
          <span className="font-medium">{organization.name}</span>
          {organization.personal ? " (personal)" : ""} · your role: {ROLE_LABELS[actor.role]} · {organization.memberCount}{" "}
          {organization.memberCount === 1 ? "member" : "members"}
        </p>
        {can(actor.role, "organization:update") && !organization.personal ? (
          <RenameOrganizationForm action={renameOrganizationAction} name={organization.name} />
        ) : null}
      </Section>

      {can(actor.role, "invitation:create") ? null : (
        <p className="text-sm text-slate-600">Only Owners and Admins invite members and see the organization&apos;s invitations.</p>
      )}

      {can(actor.role, "invitation:create") ? (
        <Section
          id="invite"
          title="Invite Member by Link"
          description={
            emailConfigured()
              ? "Links are tied to the email address and work only for it. With Send by email, Teamhub emails the invitation too; the link is shown here either way."
              : "Links are tied to the email address and work only for it. Email is not set up on this server: share the link yourself."
          }
        >
          <InviteMemberForm action={createInvitationAction} roles={invitableRoles(actor.role)} sendsEmail={emailConfigured()} />
        </Section>
      ) : null}

      {invitations ? (
        <Section id="pending-invitations" title="Pending Invitations" description="Active, expired and answered invitations of this organization.">
          <PendingInvitations
            invitations={invitations.data}
            nextCursor={invitations.nextCursor}
            filter={stateParam?.toUpperCase() as InvitationState | undefined}
            actions={{ copy: copyInvitationLinkAction, cancel: cancelInvitationAction, resend: resendInvitationAction, inviteAgain: inviteAgainAction }}
          />
        </Section>
      ) : null}

      {apiKeys ? (
        <Section
          id="api-keys"
          title="API keys"
          description="Programs use these with the API. A key acts in this organization with its role, never above yours, and stops working when revoked, when it expires, or when its creator leaves or drops below its role."
        >
          <p className="text-sm">
            <Link href="/api-docs" className="font-medium text-brand-700 underline">
              API documentation
            </Link>
            <span className="text-slate-600">: every operation, with an example request and curl.</span>
          </p>
          <CreateApiKeyForm action={createApiKeyAction} roles={invitableRoles(actor.role)} />
          <ApiKeyList keys={apiKeys.map(apiKeyRow)} revokeAction={revokeApiKeyAction} />
        </Section>
      ) : null}

      {webhooks ? (
        <Section
          id="webhooks"
          title="Webhooks"
          description="Teamhub POSTs this organization's changes (members, invitations, API keys, the organization) to these URLs as they happen, signed (Standard Webhooks) and retried for about a day. Programs that poll use the events feed instead: GET /api/v1/events."
        >
          <WebhookForm action={createWebhookAction} eventTypes={eventTypeOptions(EVENT_TYPES)} />
          <WebhookList webhooks={webhooks.map(webhookRow)} />
        </Section>
      ) : null}

      {can(actor.role, "organization:delete") && !organization.personal ? (
        <Section id="delete" title="Delete organization" description="Owners only. Members lose access at once; the audit log is kept.">
          <DeleteOrganization action={deleteOrganizationAction} name={organization.name} />
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
            <LeaveOrganization action={leaveOrganizationAction} organizationName={organization.name} refusal={leaveRefused} />
          </>
        )}
      </Section>
    </AppShell>
  );
}
