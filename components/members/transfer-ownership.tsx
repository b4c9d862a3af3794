"use client";

import type { RefObject } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

/**
 * The confirmation of Transfer ownership (the three-dot menu of a member row,
 * for Owners): names the person and says what happens to both of you, since
 * you can't make yourself Owner again afterwards.
 */
export function TransferOwnershipDialog({
  open,
  onOpenChange,
  memberName,
  organizationName,
  pending,
  returnFocusTo,
  onConfirm,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  memberName: string;
  organizationName: string;
  pending: boolean;
  returnFocusTo: RefObject<HTMLElement | null>;
  onConfirm: () => void;
}) {
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Transfer ownership of ${organizationName} to ${memberName}?`}
      description={`${memberName} becomes an Owner and you become an Admin, at once. Only an Owner can make you Owner again. You both get a notification.`}
      confirmLabel={`Transfer to ${memberName}`}
      confirmVariant="primary"
      cancelLabel="Keep ownership"
      pending={pending}
      returnFocusTo={returnFocusTo}
      onConfirm={onConfirm}
    />
  );
}
