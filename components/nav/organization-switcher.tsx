"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import Link from "next/link";
import { useState, useTransition } from "react";
import { HydratedOnly, TriggerPlaceholder } from "@/components/ui/hydrated-only";
import type { ActionState } from "@/lib/forms/action-state";
import { ROLE_LABELS } from "@/lib/permissions";
import type { OrganizationSummary } from "@/lib/services/organizations";

const itemClass =
  "flex cursor-pointer select-none items-center justify-between gap-4 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-brand-50 data-[highlighted]:text-brand-700";

/** The organization dropdown in the top navigation: switch or create. */
export function OrganizationSwitcher({
  organizations,
  activeId,
  switchAction,
}: {
  organizations: OrganizationSummary[];
  activeId: string;
  switchAction: (organizationId: string) => Promise<ActionState>;
}) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const active = organizations.find((organization) => organization.id === activeId);
  const label = `Organization: ${active?.name ?? ""}. Switch organization`;
  const face = (
    <>
      <span className="truncate">{active?.name ?? "Organization"}</span>
      <span aria-hidden="true">▾</span>
    </>
  );

  return (
    <div className="top-nav-organization">
      <HydratedOnly
        placeholder={
          <TriggerPlaceholder opens="menu" label={label}>
            {face}
          </TriggerPlaceholder>
        }
      >
        <DropdownMenu.Root>
          <DropdownMenu.Trigger aria-label={label} disabled={pending}>
            {face}
          </DropdownMenu.Trigger>
          <DropdownMenu.Portal>
            <DropdownMenu.Content align="start" sideOffset={6} className="z-50 min-w-[15rem] rounded-md border border-slate-200 bg-white p-1 shadow-lg">
              <DropdownMenu.Label className="px-2 py-1 text-xs font-medium uppercase tracking-wide text-slate-500">Organizations</DropdownMenu.Label>
              <DropdownMenu.RadioGroup
                value={activeId}
                onValueChange={(id) => {
                  if (id === activeId) return;
                  setError(undefined);
                  startTransition(async () => {
                    const result = await switchAction(id);
                    if (result?.error) setError(result.error);
                  });
                }}
              >
                {organizations.map((organization) => (
                  <DropdownMenu.RadioItem key={organization.id} value={organization.id} className={itemClass}>
                    <span className="truncate">
                      {organization.id === activeId ? "✓ " : ""}
                      {organization.name}
                      {organization.personal ? <span className="text-slate-500"> (personal)</span> : null}
                    </span>
                    <span className="text-xs text-slate-500">{ROLE_LABELS[organization.role]}</span>
                  </DropdownMenu.RadioItem>
                ))}
              </DropdownMenu.RadioGroup>
              <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />
              <DropdownMenu.Item asChild className={itemClass}>
                <Link href="/organizations/new">Create organization</Link>
              </DropdownMenu.Item>
            </DropdownMenu.Content>
          </DropdownMenu.Portal>
        </DropdownMenu.Root>
      </HydratedOnly>
      {error ? (
        <span role="alert" className="text-sm text-red-700">
          {error}
        </span>
      ) : null}
    </div>
  );
}
