import type { Metadata } from "next";
import Link from "next/link";
import { resetPasswordAction } from "../../actions";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { isUsableAccountToken } from "@/lib/services/account-tokens";
import { RESET_LINK_UNUSABLE } from "@/lib/services/password-reset";

export const metadata: Metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const usable = await isUsableAccountToken(["PASSWORD_RESET"], token);
  return (
    <div className="space-y-5">
      <h1 className="text-xl font-semibold">Choose a new password</h1>
      {usable ? (
        <>
          <p className="text-sm text-slate-600">Every device signed in to your account will be signed out.</p>
          <ResetPasswordForm action={resetPasswordAction} token={token} />
        </>
      ) : (
        <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {RESET_LINK_UNUSABLE}
        </p>
      )}
      <p className="text-sm text-slate-600">
        <Link href="/forgot-password" className="font-medium text-brand-700 underline">
          Ask for a new link
        </Link>
      </p>
    </div>
  );
}
