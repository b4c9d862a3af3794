import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import type { ActionState } from "@/lib/forms/action-state";
import { AppError } from "@/lib/errors";
import { validate } from "@/lib/validation";

function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && !key.startsWith("$") && !/password/i.test(key)) values[key] = value;
  }
  return values;
}

/** Maps any error to a form state: AppErrors keep their message, anything else is logged, not shown. */
export function actionError(error: unknown, values?: Record<string, string>): ActionState {
  unstable_rethrow(error);
  if (error instanceof AppError) return { error: error.message, fieldErrors: error.fieldErrors, values };
  console.error(error);
  return { error: "Something went wrong on our side. Please try again.", values };
}

export type Handler<S extends z.ZodType, A> = (data: z.infer<S>, context: A, formData: FormData) => Promise<ActionState | void>;

/**
 * Wraps a server action: parses FormData with zod, calls the handler and turns
 * typed errors into form state. Redirects thrown by the handler pass through.
 */
export function validatedAction<S extends z.ZodType>(schema: S, handler: Handler<S, undefined>) {
  return async (_previous: ActionState, formData: FormData): Promise<ActionState> => {
    // Server actions can be called by hand with any arguments, not only by our forms.
    if (!(formData instanceof FormData)) return { error: "Send the form again from the page." };
    const values = formValues(formData);
    const parsed = validate(schema, Object.fromEntries(formData));
    if (!parsed.success) return { error: "Some fields need attention.", fieldErrors: parsed.fieldErrors, values };
    try {
      return (await handler(parsed.data, undefined, formData)) ?? {};
    } catch (error) {
      return actionError(error, values);
    }
  };
}
