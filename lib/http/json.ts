import "server-only";
import { NextResponse } from "next/server";
import { lookupSession, type CurrentSession } from "@/lib/auth/session";

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
