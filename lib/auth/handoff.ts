import type { LiveSession } from "@/lib/sessions/gate";

// The gate (proxy.ts) has just read this request's session row; the page, action or handler it
// lets through needs the same row (lib/auth/session.ts). Instead of reading it a second time, the
// gate leaves its answer in this process's memory under a random name, and puts the name in a
// request header. The handler takes it out, once:
// - nobody outside the process can hand a session in: a name is 122 random bits, a name the gate
//   did not make finds nothing, and the handler then reads the row itself, as it does for a
//   request that did not pass the gate;
// - it is good for one cookie (an action that replaced the cookie reads the new one) and one
//   taking, within HANDOFF_MAX_AGE_MS: a session ended after this request was admitted is
//   refused on the next one, on every instance, as before.
// The gate's bundle and the app's are two copies of this module in one process: the answers are
// kept on the one global object they share.

/** The request header the gate sets (and overwrites: a client's own value never survives the gate). */
export const HANDOFF_HEADER = "x-bb-gate";

/** How long an answer waits for its handler: the life of one request. */
export const HANDOFF_MAX_AGE_MS = 30_000;

/** At most this many answers wait at once (requests whose handler never asks are dropped oldest first). */
export const HANDOFF_MAX_WAITING = 10_000;

type Waiting = { session: LiveSession; cookie: string; at: number };
const STORE = Symbol.for("bb.gate-handoff");

/** Answers by name, oldest first (a Map keeps insertion order). */
function waiting(): Map<string, Waiting> {
  const global = globalThis as { [STORE]?: Map<string, Waiting> };
  return (global[STORE] ??= new Map());
}

/** Leaves the gate's answer for this request's handler; returns the name to put in the request header. */
export function handOff(session: LiveSession, cookie: string, now = Date.now()): string {
  const store = waiting();
  for (const [name, entry] of store) {
    if (store.size < HANDOFF_MAX_WAITING && now - entry.at <= HANDOFF_MAX_AGE_MS) break;
    store.delete(name);
  }
  const name = crypto.randomUUID();
  store.set(name, { session, cookie, at: now });
  return name;
}

/** The session the gate found for this cookie, once; null for a name it did not make, another cookie, or too late. */
export function takeHandoff(name: string | null | undefined, cookie: string | null | undefined, now = Date.now()): LiveSession | null {
  if (!name) return null;
  const store = waiting();
  const entry = store.get(name);
  if (!entry) return null;
  store.delete(name);
  if (entry.cookie !== cookie || now - entry.at > HANDOFF_MAX_AGE_MS) return null;
  return entry.session;
}
