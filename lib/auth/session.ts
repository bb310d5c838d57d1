import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { getConfig } from "@/lib/config";
import { clearedSessionCookie, loginPath } from "@/lib/http/login-redirect";
import { requestIp } from "@/lib/http/request-ip";
import type { CustomerUser, LiveSession, StaffUser } from "@/lib/sessions/gate";
import { HANDOFF_HEADER, takeHandoff } from "./handoff";
import { encodeToken, sessionCookieName, sessionCookieOptions } from "./token";
import { noticeFor, verifySessionCookie, type Refusal } from "./verify";

// How every Server Component, Server Action and route handler learns who is asking. The gate
// (proxy.ts) has already refused dead sessions and hands on what it read (lib/auth/handoff.ts);
// without that hand-off (a request that did not pass the gate, or a cookie replaced since) the
// row is read here, once per request (React's cache()).

export type CurrentSession = {
  sessionId: string;
  sessionHandle: string;
  user: LiveSession["user"];
  /** The request's client address (what the security activity log records for a change). */
  ip: string;
};
/** A session of a customer account's member. */
export type CustomerSession = CurrentSession & { user: CustomerUser };
/** A session of a Broker Buddha support engineer. */
export type StaffSession = CurrentSession & { user: StaffUser };

type Lookup = { session: CurrentSession } | { session: null; reason: Refusal };

/** Reads the request's session cookie and checks its row; never throws for a bad cookie. */
export const lookupSession = cache(async (): Promise<Lookup> => {
  const jar = await cookies(); // first: it marks the route dynamic before any config is read
  const requestHeaders = await headers();
  const ip = requestIp(requestHeaders.get("x-forwarded-for"));
  const token = jar.get(sessionCookieName(getConfig().secureCookies))?.value;
  const handedOn = takeHandoff(requestHeaders.get(HANDOFF_HEADER), token);
  const verified = handedOn ? ({ ok: true, session: handedOn } as const) : await verifySessionCookie(token, ip);
  if (!verified.ok) return { session: null, reason: verified.reason };
  const { id, handle, user } = verified.session;
  return { session: { sessionId: id, sessionHandle: handle, user, ip } };
});

/** The signed-in person as the session store and the activity log name whoever makes a change. */
export function actorOf(session: CurrentSession): { userId: string; sessionId: string; ip: string } {
  return { userId: session.user.id, sessionId: session.sessionId, ip: session.ip };
}

/** For pages and Server Actions: the signed-in session, or a redirect to /login. */
export async function requireSession(returnTo?: string): Promise<CurrentSession> {
  const found = await lookupSession();
  if (!found.session) redirect(loginPath(noticeFor(found.reason), returnTo));
  return found.session;
}

/** For what only members of customer accounts have (Users, an account's data): staff get a 404. */
export async function requireCustomer(returnTo?: string): Promise<CustomerSession> {
  const session = await requireSession(returnTo);
  if (session.user.kind !== "customer") notFound();
  return session as CustomerSession;
}

/** For the support console: anyone but staff gets a 404, exactly as for a page that does not exist. */
export async function requireStaff(returnTo?: string): Promise<StaffSession> {
  const session = await requireSession(returnTo);
  if (session.user.kind !== "staff") notFound();
  return session as StaffSession;
}

/** After this device's own session has ended: clear its cookie and go to the login page. */
export async function leaveSignedOut(): Promise<never> {
  (await cookies()).set(...clearedSessionCookie(getConfig().secureCookies));
  redirect(loginPath("signed-out"));
}

/** This device now holds a new session (its ID rotated): a cookie pointing at the new row. */
export async function setSessionCookie(sessionId: string, userId: string): Promise<void> {
  const { secureCookies, authSecret, session } = getConfig();
  const maxAge = Math.ceil(session.maxLifetimeMs / 1000);
  const token = await encodeToken({ sid: sessionId, sub: userId }, authSecret, maxAge);
  (await cookies()).set(sessionCookieName(secureCookies), token, { ...sessionCookieOptions(secureCookies), maxAge });
}
