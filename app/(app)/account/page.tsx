import type { Metadata } from "next";
import { AppShell } from "@/app/(app)/app-shell";
import { ButtonForm } from "@/components/account/button-form";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { EmailNotificationsForm } from "@/components/account/email-notifications-form";
import { NameForm } from "@/components/account/name-form";
import { Section } from "@/components/ui/section";
import { emailConfigured } from "@/lib/mail/config";
import { getAccountSettings } from "@/lib/services/account-settings";
import { requirePageActor } from "@/lib/auth/session";
import {
  changeNameAction,
  changePasswordAction,
  emailNotificationsAction,
  requestEmailVerificationAction,
  signOutEverywhereAction,
} from "./actions";

export const metadata: Metadata = { title: "Account settings" };

export default async function AccountPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const resolved = await requirePageActor("/account");
  const params = await searchParams;
  const settings = await getAccountSettings(resolved.actor);
  const email = emailConfigured();
  return (
    <AppShell resolved={resolved} title="Account settings">
      {params.password === "changed" ? (
        <p role="status" className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">
          Password changed. Every other device was signed out.
        </p>
      ) : null}
      <Section id="profile" title="Profile">
        <NameForm action={changeNameAction} name={settings.name} />
        <div className="space-y-2 text-sm">
          <p>
            Email: <strong className="break-all">{settings.email}</strong>{" "}
            <span className={settings.emailVerified ? "text-green-800" : "text-amber-900"}>{settings.emailVerified ? "(verified)" : "(not verified)"}</span>
          </p>
          {!settings.emailVerified && email ? (
            <ButtonForm action={requestEmailVerificationAction} label="Verify your email" pendingLabel="Sending…" />
          ) : null}
          {!settings.emailVerified && !email ? <p className="text-slate-600">Email is not set up on this server, so addresses can&apos;t be verified yet.</p> : null}
        </div>
      </Section>
      <Section id="password" title="Password" description="You need your current password. Every other device signed in to your account is signed out.">
        <ChangePasswordForm action={changePasswordAction} />
      </Section>
      <Section id="sessions" title="Devices" description="Signs this account out everywhere, this browser included; a copied session stops working too.">
        <ButtonForm action={signOutEverywhereAction} label="Sign out of all devices" pendingLabel="Signing out…" variant="danger" />
      </Section>
      <Section id="notifications" title="Email notifications">
        <EmailNotificationsForm action={emailNotificationsAction} enabled={settings.emailNotifications} available={email} />
      </Section>
    </AppShell>
  );
}
