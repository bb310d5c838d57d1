import "server-only";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import type { ITXClientDenyList } from "@prisma/client/runtime/client";
import { PrismaClient } from "./generated/client";
import { createPool, getPool, type PoolOptions } from "./pool";

export { getPool };

// One Prisma client per process, created on first use, talking to PostgreSQL through the
// process's one pg pool (lib/db/pool.ts, @prisma/adapter-pg): one driver, one set of connections.
// Next evaluates this module once per bundle (route handlers, pages, …), and each client compiles
// Prisma's query compiler (WebAssembly) again: the client lives on globalThis, like the pool, and
// @prisma/client is loaded from node_modules (next.config.ts), so every bundle shares one runtime
// and its error classes (`instanceof Prisma.PrismaClientKnownRequestError` holds in any bundle).

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

const SHARED = Symbol.for("broker-buddha.prisma");

export function getDb(): Db {
  const scope = globalThis as { [SHARED]?: Db };
  scope[SHARED] ??= createPrisma(getPool());
  return scope[SHARED];
}

/**
 * A separate pool and client for scripts and tests (the launcher, seeding, integration tests).
 * Scripts wait longer than requests do: starting instances together, one waits for another's seeding.
 */
export function createDb(connectionString: string, options: PoolOptions = { poolSize: 4, timeoutMs: 60_000 }): { pool: pg.Pool; db: Db } {
  const ownPool = createPool(connectionString, options);
  return { pool: ownPool, db: createPrisma(ownPool) };
}
