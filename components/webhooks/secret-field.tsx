"use client";

import { CopyButton } from "@/components/ui/copy-button";
import { inputClass } from "@/components/ui/field";

/** A signing secret, shown once (after adding an endpoint or rotating its secret), with Copy. */
export function SecretField({ secret }: { secret: string }) {
  return (
    <div className="space-y-1">
      <label htmlFor="webhook-secret" className="block text-sm font-medium text-slate-800">
        Signing secret
      </label>
      <div className="flex flex-wrap items-center gap-2">
        <input id="webhook-secret" readOnly value={secret} className={`${inputClass} min-w-0 flex-1 font-mono text-xs`} onFocus={(event) => event.currentTarget.select()} />
        <CopyButton text={secret} label="Copy secret" copiedMessage="Secret copied." />
      </div>
      <p className="text-xs text-slate-500">Shown only now. Your receiver verifies every request with it (see the README&apos;s Webhooks section).</p>
    </div>
  );
}
