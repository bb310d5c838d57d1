import "server-only";
import pg from "pg";
import { getConfig } from "@/lib/config";

// The one pg pool of a bundle. Prisma (lib/db/client.ts) talks through it via @prisma/adapter-pg;
// the request gate (lib/sessions/gate.ts) uses it directly and so never loads Prisma at all.

export function createPool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: 10, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5_000 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  return pool;
}

let pool: pg.Pool | undefined;

export function getPool(): pg.Pool {
  pool ??= createPool(getConfig().databaseUrl);
  return pool;
}
