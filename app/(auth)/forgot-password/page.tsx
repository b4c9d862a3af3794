import type { Metadata } from "next";
import Link from "next/link";
import { forgotPasswordAction } from "../actions";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { emailConfigured } from "@/lib/mail/config";
import { EMAIL_OFF } from "@/lib/services/password-reset";
import { redirectIfSignedIn } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Forgot password" };

export default async function ForgotPasswordPage() {
  await redirectIfSignedIn("/account");
  return (
    <div className="space-y-5">
      <h1 className="text-xl font-semibold">Forgot password?</h1>
      {emailConfigured() ? (
        <>
          <p className="text-sm text-slate-600">Enter the email of your account and we&apos;ll send you a link to choose a new password.</p>
          <ForgotPasswordForm action={forgotPasswordAction} />
        </>
      ) : (
        <p className="text-sm text-slate-600">{EMAIL_OFF}</p>
      )}
      <p className="text-sm text-slate-600">
        <Link href="/sign-in" className="font-medium text-brand-700 underline">
          Back to sign in
        </Link>
      </p>
    </div>
  );
}
