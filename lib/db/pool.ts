import "server-only";
import pg from "pg";
import { getConfig } from "@/lib/config";
import { markDatabaseUnavailable } from "@/lib/http/request-context";
import { isDatabaseUnavailable } from "./unavailable";

// The app's one pg pool. Prisma (lib/db/client.ts) talks through it via @prisma/adapter-pg; the
// request gate (lib/sessions/gate.ts) uses it directly and so never loads Prisma at all. Next
// evaluates this module once per bundle (the proxy, the route handlers, the pages, the
// instrumentation hook): the pool lives on globalThis so that a process keeps one pool of
// DATABASE_POOL_SIZE connections, not one per bundle.
//
// Every wait for the database is bounded by config.database.timeoutMs, so a database that is
// down, unreachable or frozen costs a request that long and no longer (the gate then answers
// 503): making a connection, waiting for a pooled one, and each query. A frozen server never
// answers, so a server-side statement_timeout alone would wait forever; pg's client-side
// query_timeout answers the caller, and the connection it gave up on is closed (below) so that
// nobody is handed a connection still waiting on a server that may never reply.

export type PoolOptions = { poolSize: number; timeoutMs: number };

const APPLICATION_NAME = "broker-buddha";

/**
 * A connection that gives up on its server after a query timeout closes itself, and reports
 * failures to the request context (lib/http/request-context.js). pg-pool discards a client that
 * was released with an error, but Prisma's interactive transactions release theirs without one
 * after ROLLBACK (which a frozen server never answers either).
 */
class Client extends pg.Client {
  // Overloads as pg declares them; the body only watches the outcome.
  override query(...args: any[]): any {
    const last = args.length - 1;
    if (typeof args[last] === "function") {
      const callback = args[last] as (error: Error | null, ...rest: unknown[]) => void;
      args[last] = (error: Error | null, ...rest: unknown[]) => {
        if (error) this.failed(error);
        callback(error, ...rest);
      };
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (!(result instanceof Promise)) return result; // a Submittable (cursor): not used here
    // .catch is attached here, in the caller's async context, so the request that asked is the
    // one marked (a pooled connection's socket events run in whichever request opened it).
    return result.catch((error: Error) => {
      this.failed(error);
      if (isDatabaseUnavailable(error)) markDatabaseUnavailable();
      throw error;
    });
  }

  private failed(error: Error) {
    if (error.message === "Query read timeout") this.end().catch(() => {});
  }
}

/** The pool, with callers' failures reported to the request context. */
class Pool extends pg.Pool {
  override query(...args: any[]): any {
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    return result instanceof Promise ? result.catch(reportAndRethrow) : result;
  }

  override connect(...args: any[]): any {
    const result = (super.connect as (...a: unknown[]) => unknown)(...args);
    return result instanceof Promise ? result.catch(reportAndRethrow) : result;
  }
}

function reportAndRethrow(error: unknown): never {
  if (isDatabaseUnavailable(error)) markDatabaseUnavailable();
  throw error;
}

export function createPool(connectionString: string, options: PoolOptions = getConfig().database): pg.Pool {
  const pool = new Pool({
    connectionString,
    Client,
    max: options.poolSize,
    idleTimeoutMillis: 30_000,
    // Bounds both opening a connection and waiting for a free one when all are busy.
    connectionTimeoutMillis: options.timeoutMs,
    // The server cancels a statement that runs too long (and frees its locks); the client stops
    // waiting for an answer at the same moment in case the server cannot even do that.
    statement_timeout: options.timeoutMs,
    query_timeout: options.timeoutMs,
    // A peer that vanished without closing the connection (a host or network gone) is noticed.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    application_name: APPLICATION_NAME,
  } as pg.PoolConfig);
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  // Nor may a checked-out one: pg emits "error" on a client whose connection dies, and an
  // EventEmitter with no listener for it throws. Its caller learns of it from its query.
  pool.on("connect", (client) => client.on("error", () => {}));
  return pool;
}

const SHARED = Symbol.for("broker-buddha.pg-pool");

export function getPool(): pg.Pool {
  const scope = globalThis as { [SHARED]?: pg.Pool };
  scope[SHARED] ??= createPool(getConfig().databaseUrl);
  return scope[SHARED];
}
