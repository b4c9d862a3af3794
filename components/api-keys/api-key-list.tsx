"use client";

import { startTransition, useActionState } from "react";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { LocalTime } from "@/components/ui/local-time";
import { useSuccessToast } from "@/components/ui/feedback";
import { InlineError } from "@/components/ui/field";
import { formDataOf, initialActionState, type FormAction } from "@/lib/forms/action-state";
import { ROLE_LABELS, type Role } from "@/lib/permissions";

export type ApiKeyRow = {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  /** Suspended: its creator's role is now below the key's, so it is refused until they get it back. */
  status: "Active" | "Suspended" | "Revoked" | "Expired";
};

function RevokeButton({ apiKey, action }: { apiKey: ApiKeyRow; action: FormAction }) {
  const [state, revoke, pending] = useActionState(action, initialActionState);
  useSuccessToast(state);
  return (
    <>
      <ConfirmButton
        pending={pending}
        ariaLabel={`Revoke API key ${apiKey.name}`}
        title={`Revoke “${apiKey.name}”?`}
        description="Programs using this key stop working at once. This can't be undone."
        confirmLabel="Revoke key"
        onConfirm={() => startTransition(() => revoke(formDataOf({ id: apiKey.id })))}
      >
        Revoke
      </ConfirmButton>
      <InlineError message={state.error} />
    </>
  );
}

/** The organization's API keys: who made them, when they were last used, Revoke. */
export function ApiKeyList({ keys, revokeAction }: { keys: ApiKeyRow[]; revokeAction: FormAction }) {
  if (keys.length === 0) return <p className="text-sm text-slate-600">No API keys yet.</p>;
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200" aria-label="API keys">
      {keys.map((apiKey) => (
        <li key={apiKey.id} className="flex flex-wrap items-start justify-between gap-3 p-4" data-testid="api-key-row">
          <div className="min-w-0 space-y-1">
            <p className="font-medium">
              {apiKey.name} <span className="font-mono text-xs text-slate-500">{apiKey.prefix}…</span>
            </p>
            <p className="text-xs text-slate-500">
              {ROLE_LABELS[apiKey.role]} · {apiKey.status === "Suspended" ? `Suspended (${apiKey.createdBy} no longer has the ${ROLE_LABELS[apiKey.role]} role)` : apiKey.status} · created by {apiKey.createdBy} <LocalTime date={apiKey.createdAt} format="relative" /> · last used{" "}
              {apiKey.lastUsedAt ? <LocalTime date={apiKey.lastUsedAt} format="relative" /> : "never"} · expires{" "}
              {apiKey.expiresAt ? <LocalTime date={apiKey.expiresAt} format="date" /> : "never"}
            </p>
          </div>
          {apiKey.status === "Active" || apiKey.status === "Suspended" ? <RevokeButton apiKey={apiKey} action={revokeAction} /> : null}
        </li>
      ))}
    </ul>
  );
}
