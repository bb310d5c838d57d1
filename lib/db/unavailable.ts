// Which failures mean "the database cannot serve us right now" (down, unreachable, frozen,
// overloaded, restarting): the request should get 503 and be retried, not 500. Everything else
// (a bug, a constraint) is a real error. Pure, so unit tests pin the list down.

/** Socket errors of a connection that cannot be made or has died. */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ECONNABORTED", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);

/**
 * PostgreSQL's SQLSTATEs for the same: class 08 (connection exception); 53300 too many
 * connections; 57P01-57P03 the server shutting down, crashed, or still starting; 57014 a
 * statement cancelled (statement_timeout); 55P03 a lock not granted in time (lock_timeout).
 */
const SQLSTATE = /^(08...|53300|57P0[1-3]|57014|55P03)$/;

/** What pg and pg-pool say when they give up on a connection or a query (at the start of a line: Prisma quotes them). */
const DRIVER_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout|timeout expired|Client has encountered a connection error|Client was closed and is not queryable)/m;

/** Prisma's codes for the same, when its client wrapped the driver's error: P1001 cannot reach, P1002/P1008 timed out, P1017 connection closed, P2024 no pooled connection in time, P2037 too many connections. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === "string" && (SOCKET_CODES.has(code) || SQLSTATE.test(code) || PRISMA_CODES.has(code))) return true;
    if (typeof message === "string" && DRIVER_MESSAGES.test(message)) return true;
  }
  return false;
}
