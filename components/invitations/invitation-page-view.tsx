import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormAction } from "@/lib/forms/action-state";
import type { InvitationPageCase } from "@/lib/services/invitations/page-case";
import { ROLE_LABELS } from "@/lib/permissions";
import { signUpPath } from "@/lib/http/return-path";
import { InvitationResponse } from "./invitation-response";

type Actions = { accept: FormAction; reject: FormAction; signOut: (formData: FormData) => Promise<void> };
type Closed = Extract<InvitationPageCase, { kind: "closed" }>["invitation"];

function Card({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-md space-y-6">
        <p className="text-center text-lg font-semibold tracking-tight text-brand-700">Teamhub</p>
        <section className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" aria-labelledby="invitation-heading">
          <h1 id="invitation-heading" className="text-xl font-semibold">
            {title}
          </h1>
          {children}
        </section>
      </div>
    </main>
  );
}

const NOT_VALID =
  "This link is unknown or can no longer be used. Check that you copied the whole link, or ask the person who invited you for a fresh one.";

/** What the invited person sees when the invitation can't be answered any more. */
function closedMessage(invitation: Closed): { title: string; body: React.ReactNode } {
  switch (invitation.state) {
    case "EXPIRED":
      return {
        title: "This invitation has expired",
        body: (
          <>
            It expired on <LocalTime date={invitation.expiresAt} />. Ask {invitation.invitedByName} for a fresh link.
          </>
        ),
      };
    case "CANCELLED":
      return {
        title: "This invitation was cancelled",
        // Cancelled automatically: why the inviter lost their authority (removed, left, demoted) stays inside the organization.
        body:
          invitation.cancelReason === "MANUAL"
            ? `${invitation.invitedByName} cancelled it. Ask them for a new invitation if you should join ${invitation.organizationName}.`
            : `${invitation.invitedByName} can no longer invite you to ${invitation.organizationName}. Ask another Owner or Admin of ${invitation.organizationName} for a new invitation if you should join.`,
      };
    case "ACCEPTED":
      return { title: "Invitation already accepted", body: `You are a member of ${invitation.organizationName}. Switch to it from the organization dropdown.` };
    default:
      return {
        title: "Invitation rejected",
        body: `You rejected the invitation to ${invitation.organizationName}, and ${invitation.invitedByName} has been told. Ask them for a new one if you change your mind.`,
      };
  }
}

/** The page at /accept-invitation/[token], one layout per case. */
export function InvitationPageView({ view, token, actions }: { view: InvitationPageCase; token: string; actions: Actions }) {
  const returnPath = `/accept-invitation/${encodeURIComponent(token)}`;
  const signInHref = `/sign-in?callbackUrl=${encodeURIComponent(returnPath)}`;
  const signOutAndContinue = (
    <form action={actions.signOut}>
      <input type="hidden" name="next" value={returnPath} />
      <SubmitButton variant="secondary" pendingLabel="Signing out…">
        Sign out and continue
      </SubmitButton>
    </form>
  );

  switch (view.kind) {
    case "not-found":
      return (
        <Card title="Invitation not found">
          <p className="text-sm text-slate-600">{NOT_VALID}</p>
          {view.signedIn ? (
            <Link href="/dashboard" className={buttonClass("secondary")}>
              Go to your dashboard
            </Link>
          ) : (
            <Link href="/sign-in" className={buttonClass("secondary")}>
              Sign in
            </Link>
          )}
        </Card>
      );
    case "signed-out-closed":
      return (
        <Card title="This invitation can't be used">
          <p className="text-sm text-slate-600">
            This link can no longer be used. Ask the person who invited you for a fresh one: you don&apos;t need an account for that.
          </p>
          <p className="text-sm text-slate-600">
            Already have an account with the invited address?{" "}
            <Link href={signInHref} className="font-medium text-brand-700 underline">
              Sign in
            </Link>{" "}
            to see why.
          </p>
        </Card>
      );
    case "signed-out":
      return (
        <Card title={`${view.organizationName} invited you`}>
          <p className="text-sm text-slate-600">
            Sign in with the invited email address, or create an account with it, to review and accept the invitation to{" "}
            <strong>{view.organizationName}</strong>.
          </p>
          <div className="flex flex-wrap gap-3">
            <Link href={signInHref} className={buttonClass()}>
              Sign in
            </Link>
            <Link href={signUpPath(returnPath)} className={buttonClass("secondary")}>
              Create account
            </Link>
          </div>
        </Card>
      );
    case "other-email":
      return view.maskedEmail ? (
        <Card title="This invitation is for another email address">
          <p className="text-sm text-slate-600">
            It was sent to <strong>{view.maskedEmail}</strong>, and you are signed in as <strong>{view.signedInAs}</strong>. Sign out, then sign in
            or create an account with the invited address.
          </p>
          {signOutAndContinue}
        </Card>
      ) : (
        <Card title="This invitation can't be used">
          <p className="text-sm text-slate-600">
            You are signed in as <strong>{view.signedInAs}</strong>. If it was sent to you at another address, sign out and sign in with that
            address to see why, or ask for a fresh link.
          </p>
          {signOutAndContinue}
        </Card>
      );
    case "closed": {
      const { title, body } = closedMessage(view.invitation);
      return (
        <Card title={title}>
          <p className="text-sm text-slate-600">{body}</p>
          <Link href="/dashboard" className={buttonClass("secondary")}>
            Go to your dashboard
          </Link>
        </Card>
      );
    }
    case "review":
      return (
        <Card title={`Join ${view.invitation.organizationName}`}>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="text-slate-500">Organization</dt>
            <dd className="font-medium">{view.invitation.organizationName}</dd>
            <dt className="text-slate-500">Your role</dt>
            <dd className="font-medium">{ROLE_LABELS[view.invitation.role]}</dd>
            <dt className="text-slate-500">Invited by</dt>
            <dd className="font-medium">{view.invitation.invitedByName}</dd>
            <dt className="text-slate-500">Expires</dt>
            <dd className="font-medium">
              <LocalTime date={view.invitation.expiresAt} format="datetime-relative" />
            </dd>
          </dl>
          <InvitationResponse token={token} accept={actions.accept} reject={actions.reject} />
        </Card>
      );
  }
}

export function TooManyAttempts({ message }: { message: string }) {
  return (
    <Card title="Too many attempts">
      <p className="text-sm text-slate-600">{message}</p>
    </Card>
  );
}
