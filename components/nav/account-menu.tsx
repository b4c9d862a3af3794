"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import Link from "next/link";
import { HydratedOnly, TriggerPlaceholder } from "@/components/ui/hydrated-only";

const itemClass =
  "flex cursor-pointer select-none items-center rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-brand-50 data-[highlighted]:text-brand-700";

export type AccountLink = { href: string; label: string };

/** Account → Settings, Members and the other pages the actor's role may open. */
export function AccountMenu({
  name,
  email,
  links,
  signOutAction,
}: {
  name: string;
  email: string;
  links: AccountLink[];
  signOutAction: (formData: FormData) => Promise<void>;
}) {
  const face = (
    <>
      Account <span aria-hidden="true">▾</span>
    </>
  );
  return (
    <>
      <HydratedOnly
        placeholder={
          <TriggerPlaceholder opens="menu">{face}</TriggerPlaceholder>
        }
      >
        <DropdownMenu.Root>
          <DropdownMenu.Trigger>{face}</DropdownMenu.Trigger>
          <DropdownMenu.Portal>
            <DropdownMenu.Content align="end" sideOffset={6} className="z-50 min-w-[13rem] rounded-md border border-slate-200 bg-white p-1 shadow-lg">
              <DropdownMenu.Label className="px-2 py-1.5 text-xs text-slate-500">
                <span className="block font-medium text-slate-800">{name}</span>
                {email}
              </DropdownMenu.Label>
              <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />
              {links.map((link) => (
                <DropdownMenu.Item key={link.href} asChild className={itemClass}>
                  <Link href={link.href}>{link.label}</Link>
                </DropdownMenu.Item>
              ))}
              <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />
              <DropdownMenu.Item
                className={itemClass}
                onSelect={() => {
                  const form = document.getElementById("sign-out-form") as HTMLFormElement | null;
                  form?.requestSubmit();
                }}
              >
                Sign out
              </DropdownMenu.Item>
            </DropdownMenu.Content>
          </DropdownMenu.Portal>
        </DropdownMenu.Root>
      </HydratedOnly>
      <form id="sign-out-form" action={signOutAction} hidden />
    </>
  );
}
