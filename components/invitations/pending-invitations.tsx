import Link from "next/link";
import { ROLE_LABELS, type Role } from "@/lib/permissions";
import { INVITATION_STATES, type CancelReason, type InvitationState, type InvitationView } from "@/lib/services/invitations/view";
import type { FormAction } from "@/lib/forms/action-state";
import { LocalTime } from "@/components/ui/local-time";
import { InvitationActions } from "./invitation-actions";
import { STATE_LABELS, StateBadge } from "./state-badge";

const FILTERS: (InvitationState | undefined)[] = [undefined, ...INVITATION_STATES];

/** Why an invitation was cancelled automatically (its inviter lost the authority it carried); Cancel needs no explanation. */
const CANCELLED_BECAUSE: Record<CancelReason, ((role: Role) => string) | null> = {
  MANUAL: null,
  INVITER_REMOVED: () => "the inviter was removed from the organization",
  INVITER_LEFT: () => "the inviter left the organization",
  INVITER_ROLE_CHANGED: (role) => `the inviter's new role can't invite as ${ROLE_LABELS[role]}`,
  INVITER_NOT_A_MEMBER: () => "the inviter is no longer a member of the organization",
};

/** When an invitation ends or ended: its expiry while it can still be used or resent, its answer once answered; a cancelled one has neither. */
function outcome(invitation: InvitationView) {
  const answered = invitation.state === "ACCEPTED" || invitation.state === "REJECTED" ? invitation.respondedAt : null;
  if (answered) return <> · {invitation.state === "ACCEPTED" ? "accepted" : "rejected"} <LocalTime date={answered} format="relative" /></>;
  if (invitation.state === "ACTIVE") return <> · expires <LocalTime date={invitation.expiresAt} format="relative" /></>;
  if (invitation.state === "EXPIRED") return <> · expired <LocalTime date={invitation.expiresAt} format="relative" /></>;
  return null;
}

function cancellationNote(invitation: InvitationView) {
  const because = invitation.cancelReason ? CANCELLED_BECAUSE[invitation.cancelReason] : null;
  return because ? <p className="text-sm text-slate-700">Cancelled automatically: {because(invitation.role)}.</p> : null;
}

/** Where a filter or the next page of the list is: by default, Settings' Pending Invitations section. */
export type InvitationsLink = (query: { state?: string; cursor?: string }) => string;
const inSettings: InvitationsLink = (query) => `/settings${Object.keys(query).length ? `?${new URLSearchParams(query)}` : ""}#pending-invitations`;

/** Pending Invitations: every invitation of the organization, filterable by state. */
export function PendingInvitations({
  invitations,
  nextCursor,
  filter,
  actions,
  linkTo = inSettings,
}: {
  invitations: InvitationView[];
  nextCursor: string | null;
  filter?: InvitationState;
  actions: { copy: FormAction; cancel: FormAction; resend: FormAction; inviteAgain: FormAction };
  linkTo?: InvitationsLink;
}) {
  return (
    <div className="space-y-4">
      <nav aria-label="Filter invitations by state">
        <ul className="flex flex-wrap gap-2 text-sm">
          {FILTERS.map((state) => {
            const current = state === filter;
            return (
              <li key={state ?? "all"}>
                <Link
                  href={linkTo(state ? { state: state.toLowerCase() } : {})}
                  aria-current={current ? "page" : undefined}
                  className={`inline-block rounded-full px-3 py-1 ring-1 ring-inset ${current ? "bg-brand-600 text-white ring-brand-600" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50"}`}
                >
                  {state ? STATE_LABELS[state] : "All"}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      {invitations.length === 0 ? (
        <p className="text-sm text-slate-600">No invitations{filter ? ` in state ${STATE_LABELS[filter]}` : ""}.</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200" aria-label="Invitations">
          {invitations.map((invitation) => (
            <li key={invitation.id} className="space-y-2 p-4" data-testid="invitation-row">
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <span className="break-all font-medium">{invitation.email}</span>
                <StateBadge state={invitation.state} />
                <span className="text-sm text-slate-600">{ROLE_LABELS[invitation.role]}</span>
              </div>
              <p className="text-xs text-slate-500">
                Invited by {invitation.invitedBy.name} · created <LocalTime date={invitation.createdAt} />
                {outcome(invitation)}
              </p>
              {cancellationNote(invitation)}
              <InvitationActions
                id={invitation.id}
                email={invitation.email}
                role={invitation.role}
                state={invitation.state}
                emailStatus={invitation.emailStatus}
                actions={actions}
              />
            </li>
          ))}
        </ul>
      )}
      {nextCursor ? (
        <Link className="text-sm font-medium text-brand-700 underline" href={linkTo({ ...(filter ? { state: filter.toLowerCase() } : {}), cursor: nextCursor })}>
          Next page
        </Link>
      ) : null}
    </div>
  );
}
