import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { signOutAction } from "@/app/(app)/actions";
import { InvitationResponse } from "@/components/invitations/invitation-response";
import { buttonClass } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import { AppError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { ROLE_LABELS } from "@/lib/permissions";
import { clientIp } from "@/lib/request";
import { lookupInvitation, maskEmail, type InvitationLookup } from "@/lib/services/invitations";
import { currentActor } from "@/lib/session";
import { acceptInvitationAction, rejectInvitationAction } from "./actions";

export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };

type Found = Extract<InvitationLookup, { kind: "found" }>["invitation"];

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

function SignOutAndContinue({ token }: { token: string }) {
  return (
    <form action={signOutAction}>
      <input type="hidden" name="next" value={`/accept-invitation/${token}`} />
      <SubmitButton variant="secondary" pendingLabel="Signing out…">
        Sign out and continue
      </SubmitButton>
    </form>
  );
}

const NOT_VALID = (
  <p className="text-sm text-slate-600">
    This link is unknown or can no longer be used. Check that you copied the whole link, or ask the person who invited you for a fresh one.
  </p>
);

/** What the invited person sees when the invitation can't be answered any more. */
function closedMessage(invitation: Found): { title: string; body: string } {
  switch (invitation.state) {
    case "EXPIRED":
      return {
        title: "This invitation has expired",
        body: `It expired on ${formatDateTime(invitation.expiresAt)}. Ask ${invitation.invitedByName} for a fresh link.`,
      };
    case "CANCELLED":
      return { title: "This invitation was cancelled", body: `${invitation.invitedByName} cancelled it. Ask them for a new invitation if you should join ${invitation.organizationName}.` };
    case "ACCEPTED":
      return { title: "Invitation already accepted", body: `You are a member of ${invitation.organizationName}. Switch to it from the organization dropdown.` };
    default:
      return { title: "Invitation rejected", body: `You rejected the invitation to ${invitation.organizationName}. Ask ${invitation.invitedByName} for a new one if you change your mind.` };
  }
}

export default async function AcceptInvitationPage({ params }: { params: Promise<{ id: string }> }) {
  const token = (await params).id;
  let lookup: InvitationLookup;
  try {
    lookup = await lookupInvitation(token, { ip: clientIp(await headers()) });
  } catch (error) {
    if (error instanceof AppError && error.code === "RATE_LIMITED") {
      return (
        <Card title="Too many attempts">
          <p className="text-sm text-slate-600">{error.message}</p>
        </Card>
      );
    }
    throw error;
  }
  const resolved = await currentActor();
  const returnPath = `/accept-invitation/${encodeURIComponent(token)}`;

  if (lookup.kind === "not_found") {
    return (
      <Card title="Invitation not found">
        {NOT_VALID}
        {resolved ? null : (
          <Link href="/sign-in" className={buttonClass("secondary")}>
            Sign in
          </Link>
        )}
      </Card>
    );
  }
  const invitation = lookup.invitation;

  if (!resolved) {
    if (invitation.state !== "ACTIVE") {
      return (
        <Card title="This invitation can't be used">
          <p className="text-sm text-slate-600">If it was sent to you, sign in with the invited email address to see why, or ask for a fresh link.</p>
          <Link href={`/sign-in?callbackUrl=${encodeURIComponent(returnPath)}`} className={buttonClass()}>
            Sign in
          </Link>
        </Card>
      );
    }
    return (
      <Card title={`${invitation.organizationName} invited you`}>
        <p className="text-sm text-slate-600">
          Sign in with the invited email address, or create an account with it, to review and accept the invitation to{" "}
          <strong>{invitation.organizationName}</strong>.
        </p>
        <div className="flex flex-wrap gap-3">
          <Link href={`/sign-in?callbackUrl=${encodeURIComponent(returnPath)}`} className={buttonClass()}>
            Sign in
          </Link>
          <Link href={`/sign-up?invitation=${encodeURIComponent(token)}`} className={buttonClass("secondary")}>
            Create account
          </Link>
        </div>
      </Card>
    );
  }

  const { actor } = resolved;
  if (actor.email !== invitation.email) {
    return (
      <Card title="This invitation is for another email address">
        {invitation.state === "ACTIVE" ? (
          <p className="text-sm text-slate-600">
            It was sent to <strong>{maskEmail(invitation.email)}</strong>, and you are signed in as <strong>{actor.email}</strong>. Sign out, then
            sign in or create an account with the invited address.
          </p>
        ) : (
          NOT_VALID
        )}
        <SignOutAndContinue token={token} />
      </Card>
    );
  }

  if (invitation.state !== "ACTIVE") {
    const { title, body } = closedMessage(invitation);
    return (
      <Card title={title}>
        <p className="text-sm text-slate-600">{body}</p>
        <Link href="/dashboard" className={buttonClass("secondary")}>
          Go to your dashboard
        </Link>
      </Card>
    );
  }

  return (
    <Card title={`Join ${invitation.organizationName}`}>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        <dt className="text-slate-500">Organization</dt>
        <dd className="font-medium">{invitation.organizationName}</dd>
        <dt className="text-slate-500">Your role</dt>
        <dd className="font-medium">{ROLE_LABELS[invitation.role]}</dd>
        <dt className="text-slate-500">Invited by</dt>
        <dd className="font-medium">{invitation.invitedByName}</dd>
        <dt className="text-slate-500">Expires</dt>
        <dd className="font-medium">{formatDateTime(invitation.expiresAt)}</dd>
      </dl>
      <InvitationResponse token={token} accept={acceptInvitationAction} reject={rejectInvitationAction} />
    </Card>
  );
}
