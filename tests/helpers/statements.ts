import pg from "pg";

/** A statement sent to PostgreSQL, and how many sent before it on its connection were still unanswered (pipelined). */
export type SentStatement = { text: string; unanswered: number };

/**
 * The SQL statements sent to PostgreSQL while `work` ran, in order: every query through the pg
 * driver, which Prisma's adapter uses (BEGIN and COMMIT included), whitespace collapsed. It sees
 * every pool of the process, so nothing else may run meanwhile.
 */
export async function sentStatementsOf(work: () => Promise<unknown>): Promise<SentStatement[]> {
  const { query } = pg.Client.prototype;
  const statements: SentStatement[] = [];
  const unanswered = new WeakMap<pg.Client, number>();
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const [config] = args as [string | { text: string }];
    const waiting = unanswered.get(this) ?? 0;
    statements.push({ text: (typeof config === "string" ? config : config.text).replace(/\s+/g, " ").trim(), unanswered: waiting });
    unanswered.set(this, waiting + 1);
    const answered = () => unanswered.set(this, unanswered.get(this)! - 1);
    // pg.Pool's query passes a callback; the rest take the promise.
    const callback = args.at(-1);
    if (typeof callback === "function") {
      args[args.length - 1] = (...answer: unknown[]) => {
        answered();
        return (callback as (...answer: unknown[]) => unknown)(...answer);
      };
    }
    const result = (query as (...args: unknown[]) => unknown).apply(this, args);
    if (result instanceof Promise) result.then(answered, answered);
    return result;
  } as typeof query;
  try {
    await work();
  } finally {
    pg.Client.prototype.query = query;
  }
  return statements;
}

/** The statements' texts (sentStatementsOf). */
export async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
  return (await sentStatementsOf(work)).map((statement) => statement.text);
}
