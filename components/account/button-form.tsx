"use client";

import { useActionState } from "react";
import type { ButtonVariant } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { initialActionState, type FormAction } from "@/lib/forms/action-state";

/** A form that is one button (send a verification email, sign out of all devices), with its answer below. */
export function ButtonForm({ action, label, pendingLabel, variant = "secondary" }: { action: FormAction; label: string; pendingLabel: string; variant?: ButtonVariant }) {
  const [state, submit] = useActionState(action, initialActionState);
  return (
    <form action={submit} className="space-y-3">
      <SubmitButton variant={variant} pendingLabel={pendingLabel}>
        {label}
      </SubmitButton>
      <FormMessage error={state.error} success={state.success} />
    </form>
  );
}
