import type { ReactNode } from "react";
import type { ActionState } from "@/lib/forms/action-state";

/** Text inputs and selects (the rules are in app/globals.css). */
export const inputClass = "field-input";

/** A labelled form control with its hint and inline errors wired up for screen readers. */
export function Field({
  label,
  name,
  errors,
  hint,
  children,
}: {
  label: string;
  name: string;
  errors?: string[];
  hint?: string;
  children?: ReactNode;
}) {
  const errorId = `${name}-error`;
  return (
    <div className="space-y-1">
      <label htmlFor={name} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {hint && !errors?.length ? (
        <p id={`${name}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p id={errorId} className="text-sm text-red-700" role="alert">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/** The attributes that tie a control (input or select) to its Field's label, hint and errors. */
export function fieldProps(name: string, errors?: string[], hint?: string) {
  const describedBy = errors?.length ? `${name}-error` : hint ? `${name}-hint` : undefined;
  return { id: name, name, "aria-invalid": errors?.length ? true : undefined, "aria-describedby": describedBy, className: inputClass };
}

/**
 * A form's error for the banner above it: none when it is only "some fields
 * need attention" and the named fields show their own errors inline (an error
 * is said once, where it is). Errors of fields the form doesn't show (hidden
 * inputs) still come out above the form.
 */
export function formError(state: ActionState, shownFields: string[]): string | undefined {
  const shownErrors = shownFields.some((field) => state.fieldErrors?.[field]?.length);
  return shownErrors ? undefined : state.error;
}

/** A form-level error, or content that replaces a finished form ("Check your email"); success feedback otherwise is a toast (feedback.tsx). */
export function FormMessage({ error, success }: { error?: string; success?: string }) {
  if (error) {
    return (
      <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
        {error}
      </p>
    );
  }
  if (success) {
    return (
      <p role="status" className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">
        {success}
      </p>
    );
  }
  return null;
}

/** A short error next to a control (a refused row action); nothing when there is none. */
export function InlineError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className="text-xs text-red-700">
      {message}
    </p>
  );
}
