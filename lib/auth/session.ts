import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getConfig } from "@/lib/config";
import { checkSession, type CheckResult, type LiveSession } from "@/lib/sessions/gate";
import { safeReturnTo } from "@/lib/http/return-to";
import { encodeToken, readSessionCookie, sessionCookieName, sessionCookieOptions } from "./token";

// How every Server Component, Server Action and route handler learns who is asking. The gate
// (proxy.ts) has already refused dead sessions, but Server Actions and handlers are public
// endpoints, so each of them checks again here, once per request (React's cache()).

export type CurrentSession = {
  sessionId: string;
  sessionHandle: string;
  user: LiveSession["user"];
};

type Lookup = { session: CurrentSession } | { session: null; reason: "no-cookie" | Extract<CheckResult, { ok: false }>["reason"] };

/** Reads the request's session cookie and checks its row; never throws for a bad cookie. */
export const lookupSession = cache(async (): Promise<Lookup> => {
  const jar = await cookies(); // first: it marks the route dynamic before any config is read
  const config = getConfig();
  const claims = await readSessionCookie(jar.get(sessionCookieName(config.secureCookies))?.value, config.authSecret);
  if (!claims) return { session: null, reason: "no-cookie" };
  const result = await checkSession(claims.sid);
  if (!result.ok) return { session: null, reason: result.reason };
  if (result.session.userId !== claims.sub) return { session: null, reason: "missing" };
  return { session: { sessionId: result.session.id, sessionHandle: result.session.handle, user: result.session.user } };
});

/** The login URL for a refused request, with the notice the login page shows. */
export function loginUrl(reason: string | null, returnTo?: string | null): string {
  const params = new URLSearchParams();
  if (reason === "ended" || reason === "expired") params.set("reason", reason);
  const path = safeReturnTo(returnTo);
  if (path !== "/") params.set("callbackUrl", path);
  const query = params.toString();
  return query ? `/login?${query}` : "/login";
}

/** For pages and Server Actions: the signed-in session, or a redirect to /login. */
export async function requireSession(returnTo?: string): Promise<CurrentSession> {
  const found = await lookupSession();
  if (!found.session) redirect(loginUrl(found.reason, returnTo));
  return found.session;
}

/** After this device's own session has ended: clear its cookie and go to the login page. */
export async function leaveSignedOut(): Promise<never> {
  const { secureCookies } = getConfig();
  (await cookies()).set(sessionCookieName(secureCookies), "", { ...sessionCookieOptions(secureCookies), maxAge: 0 });
  redirect("/login?reason=signed-out");
}

/** This device now holds a new session (its ID rotated): a cookie pointing at the new row. */
export async function setSessionCookie(sessionId: string, userId: string): Promise<void> {
  const { secureCookies, authSecret, session } = getConfig();
  const maxAge = Math.ceil(session.maxLifetimeMs / 1000);
  const token = await encodeToken({ sid: sessionId, sub: userId }, authSecret, maxAge);
  (await cookies()).set(sessionCookieName(secureCookies), token, { ...sessionCookieOptions(secureCookies), maxAge });
}
