import type { Metadata } from "next";
import { createOrganizationAction } from "../../actions";
import { AppShell } from "@/app/(app)/app-shell";
import { CreateOrganizationForm } from "@/components/organizations/create-organization-form";
import { requirePageActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Create organization" };

export default async function NewOrganizationPage() {
  const resolved = await requirePageActor("/organizations/new");
  return (
    <AppShell resolved={resolved} title="Create organization">
      <p className="text-sm text-slate-600">You will be its Owner, and it becomes your active organization.</p>
      <CreateOrganizationForm action={createOrganizationAction} />
    </AppShell>
  );
}
