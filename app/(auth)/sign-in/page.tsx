import type { Metadata } from "next";
import { signInAction } from "../actions";
import Link from "next/link";
import { SignInForm } from "@/components/auth/sign-in-form";
import { invitationTokenIn, safeReturnPath, signUpPath } from "@/lib/http/return-path";
import { emailConfigured } from "@/lib/mail/config";
import { redirectIfSignedIn } from "@/lib/auth/session";
import { invitationOfLink } from "../invitation-link";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeReturnPath(params.callbackUrl);
  await redirectIfSignedIn(callbackUrl);
  // On the way back to an invitation: say what signing in is for.
  const invitation = await invitationOfLink(invitationTokenIn(callbackUrl));
  return (
    <div className="space-y-5">
      <h1 className="text-xl font-semibold">Sign in</h1>
      {invitation?.usable ? (
        <p className="text-sm text-slate-600">
          Sign in with the invited address to join <strong>{invitation.organizationName}</strong>.
        </p>
      ) : null}
      {params.reset === "done" ? (
        <p role="status" className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">
          Your password was changed and every device was signed out. Sign in with the new password.
        </p>
      ) : null}
      <SignInForm action={signInAction} callbackUrl={callbackUrl} />
      {emailConfigured() ? (
        <p className="text-sm text-slate-600">
          <Link href="/forgot-password" className="font-medium text-brand-700 underline">
            Forgot password?
          </Link>
        </p>
      ) : null}
      <p className="text-sm text-slate-600">
        No account yet?{" "}
        <Link href={signUpPath(callbackUrl)} className="font-medium text-brand-700 underline">
          Create account
        </Link>
      </p>
    </div>
  );
}
