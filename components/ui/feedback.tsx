"use client";

import { useEffect } from "react";
import { toast, Toaster } from "sonner";
import type { ActionState } from "@/lib/forms/action-state";

/**
 * How the app tells people what happened, one way everywhere:
 * - success: a toast (sonner's live region announces it), once per answer;
 * - errors: in one place, next to what they are about: under the field, or
 *   above the form when they concern no field (FormMessage), or next to a row's
 *   control (InlineError). Never in a toast: an error must stay until read.
 */
export function AppToaster() {
  // "Messages", not sonner's default "Notifications": that is the bell's name.
  return <Toaster position="bottom-right" containerAriaLabel="Messages" closeButton toastOptions={{ classNames: { toast: "!text-sm" } }} />;
}

/** Shows an action's success message as a toast when it arrives. */
export function useSuccessToast(state: ActionState) {
  useEffect(() => {
    if (state.success) toast.success(state.success);
  }, [state]);
}
