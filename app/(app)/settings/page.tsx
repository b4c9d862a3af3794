import type { Metadata } from "next";
import { AppShell } from "@/components/app-shell";
import { ROLE_LABELS } from "@/lib/permissions";
import { getOrganization } from "@/lib/services/organizations";
import { requireActor } from "@/lib/session";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const resolved = await requireActor("/settings");
  const organization = await getOrganization(resolved.actor);
  return (
    <AppShell resolved={resolved} title="Settings">
      <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 className="text-lg font-semibold">Organization</h2>
        <p className="mt-1 text-sm text-slate-600">
          {organization.name} · your role: {ROLE_LABELS[resolved.actor.role]}
        </p>
      </section>
    </AppShell>
  );
}
