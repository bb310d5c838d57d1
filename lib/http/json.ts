import "server-only";
import { NextResponse } from "next/server";
import { lookupSession, type CurrentSession } from "@/lib/auth/session";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { databaseUnavailableInThisRequest, RETRY_AFTER_SECONDS } from "./request-context";

/** A JSON error the API returns: `{ "error": "…" }` with a 4xx/5xx status, never a stack trace. */
export function jsonError(status: number, error: string, headers?: HeadersInit) {
  return NextResponse.json({ error }, { status, headers: { "cache-control": "no-store", ...headers } });
}

/** For route handlers: the caller's session, or the 401 to return. */
export async function requireApiSession(): Promise<{ session: CurrentSession; error?: never } | { session?: never; error: NextResponse }> {
  const found = await lookupSession();
  if (found.session) return { session: found.session };
  return { error: jsonError(401, found.reason === "no-cookie" ? "Not signed in." : "Your session has ended. Sign in again.") };
}

type Handler<A extends unknown[]> = (...args: A) => Promise<Response>;

/**
 * Wraps a route handler so that an unexpected failure (the database going away after the gate
 * let the request in, say) is still a JSON `{ "error": … }`, never Next's bare 500 page: 503
 * when the database failed this request (lib/db/pool.ts reports that), 500 otherwise. The
 * details go to the server log by name only.
 */
export function withJsonErrors<A extends unknown[]>(handler: Handler<A>): Handler<A> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (error) {
      const code = (error as { code?: string }).code ?? "";
      console.error(`[api] ${(error as Error).name}${code ? ` ${code}` : ""}`);
      const unavailable = databaseUnavailableInThisRequest() || isDatabaseUnavailable(error);
      return unavailable
        ? jsonError(503, "Service unavailable. Try again shortly.", { "retry-after": String(RETRY_AFTER_SECONDS) })
        : jsonError(500, "Something went wrong. Please try again.");
    }
  };
}
