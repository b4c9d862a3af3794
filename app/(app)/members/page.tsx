import type { Metadata } from "next";
import { AppShell } from "@/components/app-shell";
import { requireActor } from "@/lib/session";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const resolved = await requireActor("/members");
  return (
    <AppShell resolved={resolved} title="Members">
      <p className="text-sm text-slate-600">The member list arrives with team invitations.</p>
    </AppShell>
  );
}
