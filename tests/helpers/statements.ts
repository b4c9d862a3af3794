import pg from "pg";

/**
 * The SQL statements sent to PostgreSQL while `work` ran, in order: every query through the pg
 * driver, which Prisma's adapter uses (BEGIN and COMMIT included), whitespace collapsed. It sees
 * every pool of the process, so nothing else may run meanwhile.
 */
export async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
  const { query } = pg.Client.prototype;
  const statements: string[] = [];
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const [config] = args as [string | { text: string }];
    statements.push((typeof config === "string" ? config : config.text).replace(/\s+/g, " ").trim());
    return (query as (...args: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    await work();
  } finally {
    pg.Client.prototype.query = query;
  }
  return statements;
}
