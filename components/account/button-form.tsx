"use client";

import { useActionState } from "react";
import type { ButtonVariant } from "@/components/ui/button";
import { useSuccessToast } from "@/components/ui/feedback";
import { FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { initialActionState, type FormAction } from "@/lib/forms/action-state";

/** A form that is one button (send a verification email, sign out of all devices), its success said in a toast, its error below. */
export function ButtonForm({ action, label, pendingLabel, variant = "secondary" }: { action: FormAction; label: string; pendingLabel: string; variant?: ButtonVariant }) {
  const [state, submit] = useActionState(action, initialActionState);
  useSuccessToast(state);
  return (
    <form action={submit} className="space-y-3">
      <SubmitButton variant={variant} pendingLabel={pendingLabel}>
        {label}
      </SubmitButton>
      <FormMessage error={state.error} />
    </form>
  );
}
