import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

export type { Prisma } from "@/lib/generated/prisma/client";
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

const globalForPrisma = globalThis as unknown as { prismaClient?: PrismaClient };

function createClient(): PrismaClient {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) {
    throw new Error("DATABASE_URL is not set: start the app with `npm run dev` or `npm start`.");
  }
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) }),
    // Writes to one organization queue on its row (lib/services/organization-lock.ts): one waiting
    // behind a long one (deleting a large organization) gets more than Prisma's default 5 s.
    transactionOptions: { timeout: 15_000 },
  });
}

function client(): PrismaClient {
  // One client per process, kept on globalThis so dev hot reloads reuse its pool.
  globalForPrisma.prismaClient ??= createClient();
  return globalForPrisma.prismaClient;
}

/**
 * The Prisma client, created on first use so that DATABASE_URL can be chosen
 * after import (tests point each file at its own database).
 */
export const prisma = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const target = client();
    const value = Reflect.get(target, property, target);
    return typeof value === "function" ? value.bind(target) : value;
  },
});

export async function disconnectPrisma() {
  await globalForPrisma.prismaClient?.$disconnect();
  globalForPrisma.prismaClient = undefined;
}
