// Plain JavaScript so the launcher's HTTP server (scripts/server.mjs) and the app share it.
//
// Each request runs in an AsyncLocalStorage context of its own. When the database fails that
// request (a connection that cannot be made, a query that times out, a connection that dies),
// the database layer (lib/db/pool.ts) says so here, and the server turns the 500 that Next
// answers for a page that threw into a 503 with Retry-After: the database is away, the app is
// not broken, and the client should simply try again. The storage lives on globalThis because
// the server and Next's bundles (the proxy's, the app's) each load their own copy of this file.
import { AsyncLocalStorage } from "node:async_hooks";

const KEY = Symbol.for("broker-buddha.request-context");
export const RETRY_AFTER_SECONDS = 5;

/** @returns {AsyncLocalStorage<{ databaseUnavailable: boolean }>} */
function storage() {
  const scope = /** @type {Record<symbol, AsyncLocalStorage<{ databaseUnavailable: boolean }>>} */ (/** @type {unknown} */ (globalThis));
  scope[KEY] ??= new AsyncLocalStorage();
  return scope[KEY];
}

/** Called by the database layer when the database could not serve the current request. */
export function markDatabaseUnavailable() {
  const store = storage().getStore();
  if (store) store.databaseUnavailable = true;
}

/** Whether the database failed the current request (false outside a request context). */
export function databaseUnavailableInThisRequest() {
  return storage().getStore()?.databaseUnavailable ?? false;
}

/**
 * Runs `handle` for one request in a context of its own; a 500 for a request the database
 * failed goes out as 503 with Retry-After (Node sends every status line through writeHead,
 * including the implicit one of a bare res.end()).
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 * @param {() => unknown} handle
 */
export function runWithRequestContext(req, res, handle) {
  const store = { databaseUnavailable: false };
  const writeHead = res.writeHead;
  res.writeHead = /** @type {typeof res.writeHead} */ (
    function (/** @type {number} */ status, /** @type {any[]} */ ...rest) {
      if (status === 500 && store.databaseUnavailable) {
        res.setHeader("retry-after", String(RETRY_AFTER_SECONDS));
        res.setHeader("cache-control", "no-store");
        // writeHead(status, headers) and writeHead(status, message, headers): an explicit
        // reason phrase would still say "Internal Server Error".
        if (typeof rest[0] === "string") rest.shift();
        return writeHead.call(this, 503, ...rest);
      }
      return writeHead.call(this, status, ...rest);
    }
  );
  return storage().run(store, handle);
}
