import type * as Limits from "@/lib/config/limits";

/** lib/config/limits.ts: every limit has its default, and its environment variable overrides it. */

type Name = keyof typeof Limits;
const NAMES: Name[] = ["MAX_ACTIVE_INVITATIONS", "MAX_INVITATIONS_PER_HOUR", "API_REQUESTS_PER_MINUTE_PER_CALLER", "API_REQUESTS_PER_MINUTE_PER_ORGANIZATION"];

/** The module as loaded with exactly these variables set. */
function loadWith(env: Partial<Record<Name, string>>): typeof Limits {
  const saved = { ...process.env };
  for (const name of NAMES) delete process.env[name];
  Object.assign(process.env, env);
  try {
    let limits: typeof Limits | undefined;
    jest.isolateModules(() => {
      limits = { ...(require("@/lib/config/limits") as typeof Limits) };
    });
    return limits!;
  } finally {
    process.env = saved;
  }
}

describe("configurable limits", () => {
  it("default to the documented values", () => {
    expect(loadWith({})).toEqual({
      MAX_ACTIVE_INVITATIONS: 100,
      MAX_INVITATIONS_PER_HOUR: 50,
      API_REQUESTS_PER_MINUTE_PER_CALLER: 600,
      API_REQUESTS_PER_MINUTE_PER_ORGANIZATION: 3000,
    });
  });

  it("are read from the environment variable of the same name", () => {
    expect(loadWith({ MAX_ACTIVE_INVITATIONS: "5", MAX_INVITATIONS_PER_HOUR: " 7 ", API_REQUESTS_PER_MINUTE_PER_CALLER: "1000000", API_REQUESTS_PER_MINUTE_PER_ORGANIZATION: "" })).toEqual({
      MAX_ACTIVE_INVITATIONS: 5,
      MAX_INVITATIONS_PER_HOUR: 7,
      API_REQUESTS_PER_MINUTE_PER_CALLER: 1_000_000,
      API_REQUESTS_PER_MINUTE_PER_ORGANIZATION: 3000,
    });
  });

  it.each(["0", "-1", "1.5", "ten", "1e400"])("refuse %p with a message naming the variable", (value) => {
    expect(() => loadWith({ MAX_INVITATIONS_PER_HOUR: value })).toThrow(`MAX_INVITATIONS_PER_HOUR must be a whole number of at least 1, not "${value}".`);
  });
});
