"use client";

import { useRef, useState, type ReactNode } from "react";
import { Button, type ButtonVariant } from "./button";
import { ConfirmDialog } from "./confirm-dialog";

/** A button that asks for confirmation before `onConfirm` runs; focus comes back to it afterwards. */
export function ConfirmButton({
  children,
  variant = "secondary",
  disabled,
  ariaLabel,
  title,
  description,
  confirmLabel,
  confirmVariant,
  cancelLabel,
  pending,
  onConfirm,
}: {
  children: ReactNode;
  variant?: ButtonVariant;
  disabled?: boolean;
  ariaLabel?: string;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  confirmVariant?: ButtonVariant;
  cancelLabel?: string;
  pending?: boolean;
  onConfirm: () => void;
}) {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  return (
    <>
      {/* Busy, not disabled, while its action runs: focus comes back here when the dialog closes, and a disabled button would drop it. */}
      <Button
        ref={opener}
        type="button"
        variant={variant}
        disabled={disabled}
        aria-disabled={pending || undefined}
        aria-label={ariaLabel}
        onClick={() => !pending && setOpen(true)}
      >
        {children}
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={title}
        description={description}
        confirmLabel={confirmLabel}
        confirmVariant={confirmVariant}
        cancelLabel={cancelLabel}
        pending={pending}
        returnFocusTo={opener}
        onConfirm={() => {
          setOpen(false);
          onConfirm();
        }}
      />
    </>
  );
}
