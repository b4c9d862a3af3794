import type { Metadata } from "next";
import { signUpAction } from "../actions";
import Link from "next/link";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { safeReturnPath } from "@/lib/return-path";

export const metadata: Metadata = { title: "Create account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeReturnPath(params.callbackUrl);
  return (
    <div className="space-y-5">
      <h1 className="text-xl font-semibold">Create account</h1>
      <SignUpForm action={signUpAction} callbackUrl={callbackUrl} />
      <p className="text-sm text-slate-600">
        Already have an account?{" "}
        <Link href={`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="font-medium text-brand-700 underline">
          Sign in
        </Link>
      </p>
    </div>
  );
}
