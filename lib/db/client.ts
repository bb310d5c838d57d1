import "server-only";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { getConfig } from "@/lib/config";

// One pg pool and one Prisma client per bundle, created on first use. Prisma talks to
// PostgreSQL through the same pool (@prisma/adapter-pg), so there is one driver and one set of
// connections; the request gate's single hot query uses the pool directly (lib/sessions/gate.ts).

function createPool(connectionString: string) {
  const pool = new pg.Pool({ connectionString, max: 10, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5_000 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  return pool;
}

function createPrisma(pool: pg.Pool) {
  return new PrismaClient({
    adapter: new PrismaPg(pool),
    // Password hashes never leave the data layer unless a query asks for them by name.
    omit: { user: { passwordHash: true } },
  });
}

export type Db = ReturnType<typeof createPrisma>;

let pool: pg.Pool | undefined;
let prisma: Db | undefined;

export function getPool(): pg.Pool {
  pool ??= createPool(getConfig().databaseUrl);
  return pool;
}

export function getDb(): Db {
  prisma ??= createPrisma(getPool());
  return prisma;
}

/** A separate pool and client for scripts and tests (the launcher, seeding, integration tests). */
export function createDb(connectionString: string): { pool: pg.Pool; db: Db } {
  const ownPool = createPool(connectionString);
  return { pool: ownPool, db: createPrisma(ownPool) };
}
