import Link from "next/link";
import { TopNav } from "@/components/nav/top-nav";
import { emailConfigured } from "@/lib/mail/config";
import type { PageActor } from "@/lib/services/actors";
import { markNotificationsReadAction, openNotificationAction, signOutAction, switchOrganizationAction } from "./actions";

/**
 * The frame of every signed-in page. It is rendered by each page rather than
 * by a layout, because layouts are kept across client navigations and the
 * navigation must reflect the organization and role of *this* request.
 */
export function AppShell({ resolved, title, children }: { resolved: PageActor; title: string; children: React.ReactNode }) {
  const { actor, lostOrganization, emailVerified, navigation } = resolved;
  return (
    <>
      <TopNav
        actor={actor}
        navigation={navigation}
        actions={{
          switchOrganization: switchOrganizationAction,
          markNotificationsRead: markNotificationsReadAction,
          openNotification: openNotificationAction,
          signOut: signOutAction,
        }}
      />
      {lostOrganization ? (
        <div role="status" className="border-b border-amber-200 bg-amber-50">
          <p className="mx-auto max-w-5xl px-4 py-2.5 text-sm text-amber-900">
            You no longer have access to <strong>{lostOrganization.name}</strong>. You are now in your personal organization.
          </p>
        </div>
      ) : null}
      {!emailVerified && emailConfigured() ? (
        <div role="region" aria-label="Email verification" className="border-b border-amber-200 bg-amber-50">
          <p className="mx-auto max-w-5xl px-4 py-2.5 text-sm text-amber-900">
            Your email address isn&apos;t verified yet.{" "}
            <Link href="/account#profile" className="font-medium underline">
              Verify your email
            </Link>
          </p>
        </div>
      ) : null}
      <main className="mx-auto max-w-5xl space-y-6 px-4 py-8">
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {children}
      </main>
    </>
  );
}
