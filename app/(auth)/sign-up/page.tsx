import type { Metadata } from "next";
import { signUpAction } from "../actions";
import Link from "next/link";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { ROLE_LABELS } from "@/lib/permissions";
import { safeReturnPath } from "@/lib/http/return-path";
import { redirectIfSignedIn } from "@/lib/auth/session";
import { invitationOfLink } from "../invitation-link";

export const metadata: Metadata = { title: "Create account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeReturnPath(params.callbackUrl);
  // Signed in, an invitation is answered on its own page (which says if it is for another address).
  await redirectIfSignedIn(typeof params.invitation === "string" ? `/accept-invitation/${encodeURIComponent(params.invitation)}` : callbackUrl);
  const invitation = await invitationOfLink(params.invitation);
  return (
    <div className="space-y-5">
      <h1 className="text-xl font-semibold">Create account</h1>
      {invitation?.usable ? (
        <p className="text-sm text-slate-600">
          Create your account with the invited address to join <strong>{invitation.organizationName}</strong> as{" "}
          {ROLE_LABELS[invitation.role]}.
        </p>
      ) : null}
      {invitation && !invitation.usable ? (
        <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          That invitation link can no longer be used. You can still create an account.
        </p>
      ) : null}
      <SignUpForm
        action={signUpAction}
        callbackUrl={callbackUrl}
        invitation={invitation?.usable ? { token: invitation.token, email: invitation.email } : undefined}
      />
      <p className="text-sm text-slate-600">
        Already have an account?{" "}
        <Link href={`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="font-medium text-brand-700 underline">
          Sign in
        </Link>
      </p>
    </div>
  );
}
