import { z } from "zod";
import { AppError, type FieldErrors } from "./errors";
import { INVITABLE_ROLES, ROLES } from "./permissions";

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

/** A form's checkbox (CheckboxField posts "true" or "false"); absent, undefined, so the service's default applies. */
export const formBoolean = z
  .enum(["true", "false"])
  .optional()
  .transform((value) => (value === undefined ? undefined : value === "true"));

export const idSchema = z.uuid({ error: "Not a valid id." });

/** A member's role. */
export const roleSchema = z.enum(ROLES, { error: "Choose Owner, Admin or Member." });
/** The role of an invitation or an API key. */
export const invitableRoleSchema = z.enum(INVITABLE_ROLES, { error: "Choose Admin or Member." });

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  // A Map, not an object: field names come from the client ("constructor", "__proto__").
  const fieldErrors = new Map<string, string[]>();
  const add = (key: string, message: string) => fieldErrors.set(key, [...(fieldErrors.get(key) ?? []), message]);
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      // Reported on each unknown field, so clients see which one to drop.
      for (const key of issue.keys) add([...issue.path, key].join("."), "Unknown field.");
      continue;
    }
    add(issue.path.length ? issue.path.join(".") : "_", issue.message);
  }
  return Object.fromEntries(fieldErrors);
}

/** Where in a value a string holds a NUL character, which PostgreSQL text can't store. */
function nulPath(value: unknown, path: string[] = []): string[] | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      const found = nulPath(child, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

export type Validation<T> = { success: true; data: T } | { success: false; fieldErrors: FieldErrors };

/** Every input boundary (services, server actions, API) validates through here. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): Validation<z.infer<S>> {
  const result = schema.safeParse(input);
  if (!result.success) return { success: false, fieldErrors: fieldErrorsOf(result.error) };
  // Looked for in the parsed value, whose shape the schema bounds: raw input can nest thousands of levels deep.
  const nul = nulPath(result.data);
  if (nul) return { success: false, fieldErrors: { [nul.length ? nul.join(".") : "_"]: ["Remove the NUL character."] } };
  return { success: true, data: result.data };
}

/** Parses service input; bad input becomes a VALIDATION AppError with per-field messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = validate(schema, input);
  if (!result.success) throw new AppError("VALIDATION", "Some fields need attention.", { fieldErrors: result.fieldErrors });
  return result.data;
}
