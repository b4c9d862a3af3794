"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { startTransition, useActionState, useRef, useState, useTransition, type KeyboardEvent } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useSuccessToast } from "@/components/ui/feedback";
import { InlineError } from "@/components/ui/field";
import { formDataOf, initialActionState, type FormAction } from "@/lib/forms/action-state";
import { invitableRoles, ROLE_LABELS, type Role } from "@/lib/permissions";
import { useAnnounce } from "./member-notices";
import { TransferOwnershipDialog } from "./transfer-ownership";

type Member = { userId: string; name: string; role: Role };

const CHANGING_KEYS = new Set(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown"]);

/**
 * On Windows and Linux, arrow keys (and typing) change a closed select's value
 * at once, so each press would open the confirmation (WCAG 3.2.2). They do
 * nothing here; Space or Alt+Down opens the list, where arrows move and Enter chooses.
 */
function keepClosedSelectStill(event: KeyboardEvent<HTMLSelectElement>) {
  const typing = event.key.length === 1 && event.key !== " ";
  if (event.altKey || event.ctrlKey || event.metaKey || !(CHANGING_KEYS.has(event.key) || typing)) return;
  event.preventDefault();
}

/** Invitations the member made at roles their new role may not invite at are cancelled with the change. */
function cancelledInvitationsNote(from: Role, to: Role): string {
  const lost = invitableRoles(from).filter((role) => !invitableRoles(to).includes(role));
  return lost.length ? ` Pending invitations they made for ${lost.map((role) => `${ROLE_LABELS[role]}s`).join(" or ")} are cancelled.` : "";
}

/**
 * The role dropdown next to a member; the change asks for confirmation first.
 * With `refusedBy` (the id of the text saying why), it shows the role and is
 * disabled: nothing the viewer could choose would be accepted.
 */
export function RoleSelect({ member, roles, action, refusedBy }: { member: Member; roles: Role[]; action: FormAction; refusedBy?: string }) {
  const [state, submit, pending] = useActionState(action, initialActionState);
  const [chosen, setChosen] = useState<Role>();
  const select = useRef<HTMLSelectElement>(null);
  useSuccessToast(state);
  return (
    <>
      <select
        ref={select}
        aria-label={`Role of ${member.name}`}
        value={member.role}
        disabled={refusedBy !== undefined}
        aria-describedby={refusedBy}
        // Not disabled while the change is under way: a disabled control drops keyboard focus.
        aria-disabled={pending || undefined}
        onChange={(event) => (pending ? undefined : setChosen(event.target.value as Role))}
        onKeyDown={keepClosedSelectStill}
      >
        {roles.map((role) => (
          <option key={role} value={role}>
            {ROLE_LABELS[role]}
          </option>
        ))}
      </select>
      <InlineError message={state.error} />
      <ConfirmDialog
        open={chosen !== undefined}
        onOpenChange={(open) => !open && setChosen(undefined)}
        title={`Change ${member.name}'s role?`}
        description={
          chosen
            ? `${member.name} goes from ${ROLE_LABELS[member.role]} to ${ROLE_LABELS[chosen]}. It applies on their next request and they are notified.${cancelledInvitationsNote(member.role, chosen)}`
            : ""
        }
        confirmLabel="Change role"
        confirmVariant="primary"
        pending={pending}
        returnFocusTo={select}
        onConfirm={() => {
          const role = chosen!;
          setChosen(undefined);
          startTransition(() => submit(formDataOf({ userId: member.userId, role })));
        }}
      />
    </>
  );
}

/**
 * The three-dot menu of a member row, with Remove (and, given `transfer`,
 * Transfer ownership) behind a confirmation; disabled, with `refusedBy`
 * saying why, when Remove can't be done.
 */
export function MemberMenu({
  member,
  organizationName,
  action,
  transfer,
  refusedBy,
}: {
  member: Member;
  organizationName: string;
  action: FormAction;
  transfer?: FormAction;
  refusedBy?: string;
}) {
  const [pending, startRemoving] = useTransition();
  const [error, setError] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const [transferring, setTransferring] = useState(false);
  const announce = useAnnounce();
  const trigger = useRef<HTMLButtonElement>(null);
  // Called directly, not through useActionState: this row's controls go once it succeeds, the notice above the table says so.
  const run = (rowAction: FormAction) =>
    startRemoving(async () => {
      const result = await rowAction(initialActionState, formDataOf({ userId: member.userId }));
      if (result.success) {
        toast.success(result.success);
        announce(result.success);
      }
      setError(result.error);
    });
  return (
    <>
      <DropdownMenu.Root>
        {/* Busy, not disabled, while removing: focus comes back here if the removal is refused. */}
        <DropdownMenu.Trigger
          ref={trigger}
          aria-label={`Actions for ${member.name}`}
          disabled={refusedBy !== undefined}
          aria-describedby={refusedBy}
          aria-disabled={pending || undefined}
        >
          ⋯
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content align="end" sideOffset={4} className="z-50 min-w-[10rem] rounded-md border border-slate-200 bg-white p-1 shadow-lg">
            <DropdownMenu.Item
              className="flex cursor-pointer select-none rounded px-2 py-1.5 text-sm text-red-700 outline-none data-[highlighted]:bg-red-50"
              onSelect={() => setConfirming(true)}
            >
              Remove
            </DropdownMenu.Item>
            {transfer ? (
              <DropdownMenu.Item
                className="flex cursor-pointer select-none rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-slate-100"
                onSelect={() => setTransferring(true)}
              >
                Transfer ownership
              </DropdownMenu.Item>
            ) : null}
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      <InlineError message={error} />
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Remove ${member.name}?`}
        description={`${member.name} loses access to ${organizationName} on their next request. The API keys and pending invitations they made stop working. Their past actions stay in the audit log, and they can be invited again later.`}
        confirmLabel="Remove"
        pending={pending}
        returnFocusTo={trigger}
        onConfirm={() => {
          setConfirming(false);
          if (!pending) run(action);
        }}
      />
      {transfer ? (
        <TransferOwnershipDialog
          open={transferring}
          onOpenChange={setTransferring}
          memberName={member.name}
          organizationName={organizationName}
          pending={pending}
          returnFocusTo={trigger}
          onConfirm={() => {
            setTransferring(false);
            if (!pending) run(transfer);
          }}
        />
      ) : null}
    </>
  );
}
