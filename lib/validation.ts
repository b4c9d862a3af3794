import { z } from "zod";
import { AppError, type FieldErrors } from "./errors";

/** Trimmed, lower-cased email, compared the same way everywhere. */
export const emailSchema = z
  .string({ error: "Enter an email address." })
  .trim()
  .toLowerCase()
  .max(254, "Email addresses are at most 254 characters.")
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com." }));

export const passwordSchema = z
  .string({ error: "Enter a password." })
  .min(8, "Use at least 8 characters.")
  .max(200, "Use at most 200 characters.");

export const nameSchema = z
  .string({ error: "Enter a name." })
  .trim()
  .min(1, "Enter a name.")
  .max(100, "Use at most 100 characters.");

export const organizationNameSchema = z
  .string({ error: "Enter an organization name." })
  .trim()
  .min(2, "Use at least 2 characters.")
  .max(80, "Use at most 80 characters.");

export const idSchema = z.uuid({ error: "Not a valid id." });

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      // Reported on each unknown field, so clients see which one to drop.
      for (const key of issue.keys) (fieldErrors[[...issue.path, key].join(".")] ??= []).push("Unknown field.");
      continue;
    }
    const key = issue.path.length ? issue.path.join(".") : "_";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return fieldErrors;
}

/** Parses service input; bad input becomes a VALIDATION AppError with per-field messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new AppError("VALIDATION", "Some fields need attention.", { fieldErrors: fieldErrorsOf(result.error) });
  }
  return result.data;
}
