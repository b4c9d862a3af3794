import "server-only";
import type { Tx } from "@/lib/db/client";

/**
 * Ends every session of a user at once: session cookies carry the session
 * version they were issued under (lib/auth/index.ts), and resolveActor refuses one
 * whose version is no longer the user's.
 */
export async function endAllSessions(tx: Tx, userId: string): Promise<void> {
  await tx.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}
