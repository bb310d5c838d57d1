import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { LiveSession } from "@/lib/sessions/gate";

// The gate (proxy.ts) has just read this request's session row; the page, action or handler it
// lets through needs the same row (lib/auth/session.ts). Instead of reading it a second time, the
// gate hands its answer on in a request header, sealed with a key that exists only in this
// process's memory and bound to the request's session cookie and to the moment it was read:
// - nobody outside the process can make or alter one (a forged or stale header is ignored, and
//   the handler reads the row itself, as it does for a request that did not pass the gate);
// - it says nothing about another cookie (an action that replaces the cookie reads the new one);
// - it is good only for the request it was made for (a few seconds), so a session ended after
//   this request was admitted is refused on the next one, on every instance, as before.

/** The request header the gate sets (and overwrites: a client's own value never survives the gate). */
export const HANDOFF_HEADER = "x-bb-gate";

/** How long after the gate's read a handler may still rely on it: the life of one request. */
export const HANDOFF_MAX_AGE_MS = 30_000;

const KEY = Symbol.for("bb.gate-handoff-key");

/** One key per process, shared by the gate's bundle and the app's (one global object, two module copies). */
function key(): Buffer {
  const global = globalThis as { [KEY]?: Buffer };
  return (global[KEY] ??= randomBytes(32));
}

function mac(body: string, cookie: string): Buffer {
  return createHmac("sha256", key()).update(body).update("\0").update(cookie).digest();
}

/** The header value the gate sets for a request whose cookie `cookie` it found alive as `session`. */
export function sealHandoff(session: LiveSession, cookie: string, now = Date.now()): string {
  const body = Buffer.from(JSON.stringify([now, session])).toString("base64url");
  return `${body}.${mac(body, cookie).toString("base64url")}`;
}

/** The session the gate found for this cookie, or null for a missing, forged, foreign or stale header. */
export function openHandoff(value: string | null | undefined, cookie: string | null | undefined, now = Date.now()): LiveSession | null {
  if (!value || !cookie) return null;
  const dot = value.indexOf(".");
  if (dot < 0) return null;
  const body = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1), "base64url");
  const expected = mac(body, cookie);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const [at, session] = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as [number, LiveSession & { expiresAt: string }];
  if (!(now - at >= 0 && now - at <= HANDOFF_MAX_AGE_MS)) return null;
  return { ...session, expiresAt: new Date(session.expiresAt) };
}
