import type { Metadata } from "next";
import Link from "next/link";
import { AppShell } from "@/app/(app)/app-shell";
import { can, ROLE_LABELS } from "@/lib/permissions";
import { getOrganization } from "@/lib/services/organizations";
import { requireActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const resolved = await requireActor("/dashboard");
  const { actor } = resolved;
  const organization = await getOrganization(actor);
  const left = (await searchParams).left === "1";
  return (
    <AppShell resolved={resolved} title={organization.name}>
      {left ? (
        <p role="status" className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">
          You left the organization. You are now in your personal organization.
        </p>
      ) : null}
      <section aria-labelledby="org-heading" className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="org-heading" className="sr-only">
          Active organization
        </h2>
        <dl className="grid gap-4 sm:grid-cols-3">
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
            <dd className="font-medium">{organization.memberCount}</dd>
          </div>
        </dl>
      </section>
      <ul className="flex flex-wrap gap-3 text-sm">
        <li>
          <Link className="font-medium text-brand-700 underline" href="/members">
            Account → Members
          </Link>
        </li>
        <li>
          <Link className="font-medium text-brand-700 underline" href="/settings">
            Account → Settings
          </Link>
        </li>
        {can(actor.role, "audit:read") ? (
          <li>
            <Link className="font-medium text-brand-700 underline" href="/audit-log">
              Account → Audit log
            </Link>
          </li>
        ) : null}
      </ul>
    </AppShell>
  );
}
