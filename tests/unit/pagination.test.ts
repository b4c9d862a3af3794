import { z } from "zod";
import { AppError } from "@/lib/errors";
import { decodeCursor, encodeCursor, listFromCursor, StaleCursorError } from "@/lib/pagination";

const key = z.object({ id: z.string() });

describe("page cursors", () => {
  it("decode what they encoded, and refuse anything else with StaleCursorError (a VALIDATION error for the API)", () => {
    const cursor = encodeCursor({ id: "a" });
    expect(decodeCursor(key, cursor)).toEqual({ id: "a" });
    for (const bad of ["", "abc", `${cursor}x`, encodeCursor({ other: 1 })]) {
      let thrown: unknown;
      try {
        decodeCursor(key, bad);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(StaleCursorError);
      expect(thrown).toMatchObject({ code: "VALIDATION", fieldErrors: { cursor: [expect.stringContaining("Start again")] } });
    }
  });
});

describe("listFromCursor", () => {
  const list = (fail: (cursor: string | undefined) => unknown) => {
    const calls: (string | undefined)[] = [];
    const run = async (cursor: string | undefined) => {
      calls.push(cursor);
      const error = fail(cursor);
      if (error) throw error;
      return `page from ${cursor ?? "the start"}`;
    };
    return { calls, run };
  };

  it("lists from the cursor when it is good", async () => {
    const { calls, run } = list(() => null);
    expect(await listFromCursor("c1", run)).toBe("page from c1");
    expect(calls).toEqual(["c1"]);
  });

  it("starts over from the first page when the cursor is stale or foreign", async () => {
    const { calls, run } = list((cursor) => (cursor ? new StaleCursorError() : null));
    expect(await listFromCursor("stale", run)).toBe("page from the start");
    expect(calls).toEqual(["stale", undefined]);
  });

  it("lets every other error through: a database failure is not a stale cursor", async () => {
    const databaseDown = new Error("connection refused");
    const { calls, run } = list(() => databaseDown);
    await expect(listFromCursor("c1", run)).rejects.toBe(databaseDown);
    const refused = list(() => new AppError("FORBIDDEN", "No."));
    await expect(listFromCursor("c1", refused.run)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(calls).toEqual(["c1"]);
    expect(refused.calls).toEqual(["c1"]);
  });
});
