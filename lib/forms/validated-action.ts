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

/** R: the form's state, ActionState or one adding optional fields of its own (which a refusal leaves out). */
export type Handler<S extends z.ZodType, A, R extends ActionState = ActionState> = (data: z.infer<S>, context: A, formData: FormData) => Promise<R | void>;

/**
 * Wraps a server action: parses FormData with zod, calls the handler and turns
 * typed errors into form state. Redirects thrown by the handler pass through.
 */
export function validatedAction<S extends z.ZodType, R extends ActionState = ActionState>(schema: S, handler: Handler<S, undefined, NoInfer<R>>) {
  return async (_previous: R, formData: FormData): Promise<R> => {
    // Server actions can be called by hand with any arguments, not only by our forms.
    if (!(formData instanceof FormData)) return { error: "Send the form again from the page." } as R;
    const values = formValues(formData);
    const parsed = validate(schema, Object.fromEntries(formData));
    if (!parsed.success) return { error: "Some fields need attention.", fieldErrors: parsed.fieldErrors, values } as R;
    try {
      return (await handler(parsed.data, undefined, formData)) ?? ({} as R);
    } catch (error) {
      return actionError(error, values) as R;
    }
  };
}
