import { z } from "zod";
import { AppError } from "./errors";
import { hasValidSignature, sign } from "./tokens/sealing";

const PURPOSE = "page-cursor";

/** A page size, 1 to 100 (query strings carry it as text). */
export const pageSize = z.coerce.number().int().min(1).max(100);
/** The page size of list operations: 50 unless asked. */
export const pageLimit = pageSize.default(50);

const STALE = "This page link is no longer valid.";

/**
 * A cursor we didn't issue for this list: stale (from before AUTH_SECRET
 * changed), from another list, or edited by hand. A VALIDATION error like any
 * other to the API; pages start over from the first page instead (listFromCursor).
 */
export class StaleCursorError extends AppError {
  constructor() {
    super("VALIDATION", STALE, { fieldErrors: { cursor: [`${STALE} Start again from the first page.`] } });
  }
}

/**
 * Opaque keyset cursors: the sort key of the last row of a page, as
 * base64url JSON, signed so that only cursors we issued are accepted (a
 * forged one could hold values the database can't compare).
 */
export function encodeCursor(key: unknown): string {
  const body = Buffer.from(JSON.stringify(key)).toString("base64url");
  return `${body}.${sign(PURPOSE, body)}`;
}

export function decodeCursor<S extends z.ZodType>(schema: S, cursor: string): z.infer<S> {
  const [body = "", signature = ""] = cursor.split(".");
  let json: unknown;
  try {
    json = hasValidSignature(PURPOSE, body, signature) ? JSON.parse(Buffer.from(body, "base64url").toString("utf8")) : undefined;
  } catch {
    json = undefined;
  }
  const result = schema.safeParse(json);
  if (!result.success) throw new StaleCursorError();
  return result.data;
}

/**
 * A page of a list from `cursor`, or its first page when the cursor is stale
 * or foreign (for pages, whose links outlive the cursors in them). Every
 * other error, a database failure included, is the caller's.
 */
export async function listFromCursor<T>(cursor: string | undefined, list: (cursor: string | undefined) => Promise<T>): Promise<T> {
  try {
    return await list(cursor);
  } catch (error) {
    if (cursor === undefined || !(error instanceof StaleCursorError)) throw error;
    return list(undefined);
  }
}

/** A page of `limit` rows from a query that fetched `limit + 1`, and the cursor to the next page. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => unknown): { data: T[]; nextCursor: string | null } {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
