import { z } from "zod";
import { AppError } from "./errors";

/**
 * Opaque keyset cursors: the sort key of the last row of a page, as
 * base64url JSON. Clients pass them back unchanged; anything else is refused.
 */
export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

export function decodeCursor<S extends z.ZodType>(schema: S, cursor: string): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    json = undefined;
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    throw new AppError("VALIDATION", "This page link is no longer valid.", {
      fieldErrors: { cursor: ["This page link is no longer valid. Start again from the first page."] },
    });
  }
  return result.data;
}

/** A page of `limit` rows from a query that fetched `limit + 1`, and the cursor to the next page. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => unknown): { data: T[]; nextCursor: string | null } {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
