import type { Metadata } from "next";
import Link from "next/link";
import { AppShell } from "@/app/(app)/app-shell";
import { DropQueryParam } from "@/components/ui/drop-query-param";
import { can, ROLE_LABELS } from "@/lib/permissions";
import { getDashboard } from "@/lib/services/dashboard";
import { requirePageActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Dashboard" };

const NOTICE = "rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800";

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const resolved = await requirePageActor("/dashboard");
  const { actor } = resolved;
  const params = await searchParams;
  const { organization } = resolved;
  const dashboard = await getDashboard(actor, typeof params.joined === "string" ? params.joined : undefined);
  const left = params.left === "1";
  const manages = can(actor.role, "invitation:create");
  // The next useful things to do here, each a link to where it is done.
  const nextSteps = [
    manages
      ? { href: "/members", label: "Invite members", says: "Invite people by email, and manage who is in and their roles." }
      : { href: "/members", label: "See members", says: `Everyone in ${organization.name} and their roles.` },
    { href: "/settings", label: "Settings", says: manages ? "Invitations, the organization's name, and leaving." : "Leave the organization." },
    ...(can(actor.role, "api-key:manage") ? [{ href: "/settings#api-keys", label: "API keys", says: "Keys for programs using the API." }] : []),
    ...(can(actor.role, "audit:read") ? [{ href: "/audit-log", label: "Audit log", says: "Who did what, and when." }] : []),
  ];
  return (
    <AppShell resolved={resolved} title={organization.name}>
      {left ? (
        <p role="status" className={NOTICE}>
          You left the organization. You are now in your personal organization.
        </p>
      ) : null}
      {dashboard.welcome ? (
        <p role="status" className={NOTICE}>
          Welcome to <strong>{organization.name}</strong> — you joined as {ROLE_LABELS[dashboard.welcome.role]}.
        </p>
      ) : null}
      <DropQueryParam name="joined" />
      <section aria-labelledby="org-heading" className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="org-heading" className="sr-only">
          Active organization
        </h2>
        <dl className="grid gap-4 sm:grid-cols-4">
          <div>
            <dt className="text-sm text-slate-500">Active organization</dt>
            <dd className="font-medium" data-testid="active-organization">
              {organization.name}
              {organization.personal ? " (personal)" : ""}
            </dd>
          </div>
          <div>
            <dt className="text-sm text-slate-500">Your role</dt>
            <dd className="font-medium" data-testid="your-role">
              {ROLE_LABELS[actor.role]}
            </dd>
          </div>
          <div>
            <dt className="text-sm text-slate-500">Members</dt>
            <dd className="font-medium" data-testid="member-count">
              {organization.memberCount}
            </dd>
          </div>
          {dashboard.activeInvitations !== null ? (
            <div>
              <dt className="text-sm text-slate-500">Pending invitations</dt>
              <dd className="font-medium" data-testid="pending-invitations">
                <Link className="text-brand-700 underline" href="/settings?state=active#pending-invitations">
                  {dashboard.activeInvitations} active
                </Link>
              </dd>
            </div>
          ) : null}
        </dl>
      </section>
      <section aria-labelledby="next-heading" className="space-y-3">
        <h2 id="next-heading" className="text-lg font-semibold">
          Next steps
        </h2>
        <ul className="grid gap-3 sm:grid-cols-2">
          {nextSteps.map((step) => (
            <li key={step.label} className="rounded-lg border border-slate-200 bg-white p-4">
              <Link className="font-medium text-brand-700 underline" href={step.href}>
                {step.label}
              </Link>
              <p className="mt-1 text-sm text-slate-600">{step.says}</p>
            </li>
          ))}
        </ul>
      </section>
    </AppShell>
  );
}
