import "server-only";
import { getConfig } from "@/lib/config";
import { checkSession, type LiveSession } from "@/lib/sessions/gate";
import { readSessionCookie, type TokenClaims } from "./token";

// The one way a request's cookie becomes a live session: decode it (next-auth's encrypted JWT,
// carrying only sid and sub), read its row (alive? expired? ended?), and check that the row
// belongs to the user the cookie names. The request gate (proxy.ts), requireSession() and
// next-auth's own callbacks all ask here. A database failure throws: callers fail closed.

export type Refusal = "no-cookie" | "missing" | "ended" | "expired";
export type Verified = { ok: true; session: LiveSession } | { ok: false; reason: Refusal };

/** The claims a cookie carried, checked against their session row (`ip`: the request's client address, when known). */
export async function verifyClaims(claims: TokenClaims, ip?: string | null): Promise<Verified> {
  const result = await checkSession(claims.sid, new Date(), ip);
  if (!result.ok) return result;
  // A row of someone else's: the cookie was not made for it.
  if (result.session.userId !== claims.sub) return { ok: false, reason: "missing" };
  return { ok: true, session: result.session };
}

/** A session cookie's value (or nothing), turned into its live session or why not. */
export async function verifySessionCookie(token: string | undefined | null, ip?: string | null): Promise<Verified> {
  const claims = await readSessionCookie(token, getConfig().authSecret);
  if (!claims) return { ok: false, reason: "no-cookie" };
  return verifyClaims(claims, ip);
}

/** What the login page says about a refused session: ended, expired, or nothing (never signed in). */
export function noticeFor(reason: Refusal): "ended" | "expired" | null {
  if (reason === "expired") return "expired";
  return reason === "no-cookie" ? null : "ended";
}
