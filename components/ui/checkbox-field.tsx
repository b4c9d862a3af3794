"use client";

import { useState } from "react";

/**
 * A labelled checkbox with its hint, whose value always goes with the form as
 * "true" or "false" (an unchecked box alone would send nothing).
 */
export function CheckboxField({
  id,
  name,
  label,
  hint,
  defaultChecked,
  disabled = false,
}: {
  id: string;
  name: string;
  label: string;
  hint: string;
  defaultChecked: boolean;
  disabled?: boolean;
}) {
  const [checked, setChecked] = useState(defaultChecked);
  return (
    <div className="space-y-1">
      <input type="hidden" name={name} value={String(checked)} />
      <div className="flex items-start gap-2">
        <input
          id={id}
          type="checkbox"
          className="mt-0.5 h-4 w-4"
          checked={checked}
          disabled={disabled}
          aria-describedby={`${id}-hint`}
          onChange={(event) => setChecked(event.target.checked)}
        />
        <label htmlFor={id} className="text-sm text-slate-800">
          {label}
        </label>
      </div>
      <p id={`${id}-hint`} className="text-xs text-slate-500">
        {hint}
      </p>
    </div>
  );
}
