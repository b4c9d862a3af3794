import type { Metadata } from "next";
import Link from "next/link";
import { verifyEmailAction } from "../../actions";
import { VerifyEmailForm } from "@/components/auth/verify-email-form";
import { isUsableAccountToken } from "@/lib/services/account-tokens";
import { EMAIL_LINK_UNUSABLE } from "@/lib/services/email-verification";

export const metadata: Metadata = { title: "Confirm your email" };

export default async function VerifyEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const usable = await isUsableAccountToken(["SIGN_UP", "EMAIL_VERIFICATION"], token);
  return (
    <div className="space-y-5">
      <h1 className="text-xl font-semibold">Confirm your email</h1>
      {usable ? (
        <>
          <p className="text-sm text-slate-600">Confirm that this address is yours. You&apos;ll be signed in.</p>
          <VerifyEmailForm action={verifyEmailAction} token={token} />
        </>
      ) : (
        <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {EMAIL_LINK_UNUSABLE} Sign in, or create your account again for a new link.
        </p>
      )}
      <p className="text-sm text-slate-600">
        <Link href="/sign-in" className="font-medium text-brand-700 underline">
          Sign in
        </Link>
      </p>
    </div>
  );
}
