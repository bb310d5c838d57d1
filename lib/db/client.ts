import "server-only";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import type { ITXClientDenyList } from "@prisma/client/runtime/client";
import { PrismaClient } from "./generated/client";
import { createPool, getPool, type PoolOptions } from "./pool";

export { getPool };

// One Prisma client per bundle, created on first use, talking to PostgreSQL through the bundle's
// one pg pool (lib/db/pool.ts, @prisma/adapter-pg): one driver, one set of connections.

function createPrisma(pool: pg.Pool) {
  return new PrismaClient({
    adapter: new PrismaPg(pool),
    // Password hashes never leave the data layer unless a query asks for them by name.
    omit: { user: { passwordHash: true } },
  });
}

export type Db = ReturnType<typeof createPrisma>;

/** The client inside an interactive transaction (`getDb().$transaction(async (tx) => …)`). */
export type Tx = Omit<Db, ITXClientDenyList>;

let prisma: Db | undefined;

export function getDb(): Db {
  prisma ??= createPrisma(getPool());
  return prisma;
}

/**
 * A separate pool and client for scripts and tests (the launcher, seeding, integration tests).
 * Scripts wait longer than requests do: starting instances together, one waits for another's seeding.
 */
export function createDb(connectionString: string, options: PoolOptions = { poolSize: 4, timeoutMs: 60_000 }): { pool: pg.Pool; db: Db } {
  const ownPool = createPool(connectionString, options);
  return { pool: ownPool, db: createPrisma(ownPool) };
}
