import type { FieldErrors } from "@/lib/errors";

/** What a form's server action returns to useActionState. */
export type ActionState = {
  error?: string;
  fieldErrors?: FieldErrors;
  success?: string;
  /** Data for the form to show after success (e.g. a generated link). */
  data?: Record<string, string>;
  /** The submitted values, so a refused form keeps what was typed (never passwords). */
  values?: Record<string, string>;
};

export const initialActionState: ActionState = {};

/** A server action as useActionState takes it; forms receive it as a prop. */
export type FormAction = (previous: ActionState, formData: FormData) => Promise<ActionState>;

/** FormData for calling a form action from code (after a confirmation, say). */
export function formDataOf(fields: Record<string, string>): FormData {
  const formData = new FormData();
  for (const [key, value] of Object.entries(fields)) formData.set(key, value);
  return formData;
}
