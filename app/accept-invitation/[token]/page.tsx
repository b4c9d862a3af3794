import type { Metadata } from "next";
import { headers } from "next/headers";
import { signOutAction } from "@/app/(app)/actions";
import { InvitationPageView, TooManyAttempts } from "@/components/invitations/invitation-page-view";
import { AppError } from "@/lib/errors";
import { invitationPageCase } from "@/lib/services/invitations/page-case";
import { clientIp } from "@/lib/http/client-ip";
import { lookupInvitation, maskEmail, type InvitationLookup } from "@/lib/services/invitations/respond";
import { currentActor } from "@/lib/auth/session";
import { acceptInvitationAction, rejectInvitationAction } from "./actions";

export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };

export default async function AcceptInvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let lookup: InvitationLookup;
  try {
    lookup = await lookupInvitation(token, { ip: clientIp(await headers()) });
  } catch (error) {
    if (error instanceof AppError && error.code === "RATE_LIMITED") return <TooManyAttempts message={error.message} />;
    throw error;
  }
  const resolved = await currentActor();
  return (
    <InvitationPageView
      view={invitationPageCase(lookup, resolved?.actor.email ?? null, maskEmail)}
      token={token}
      actions={{ accept: acceptInvitationAction, reject: rejectInvitationAction, signOut: signOutAction }}
    />
  );
}
