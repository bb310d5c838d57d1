import { describe, expect, it } from "vitest";
import { HANDOFF_MAX_AGE_MS, HANDOFF_MAX_WAITING, handOff, takeHandoff } from "@/lib/auth/handoff";
import type { LiveSession } from "@/lib/sessions/gate";

// The gate's hand-off to the handler behind it: an answer only this process can leave, for one
// cookie, taken once, within the life of one request. Whatever a client sends in its place finds
// nothing, and the handler reads the session row itself.

const COOKIE = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..cookie-of-the-request";
const session: LiveSession = {
  id: "AbCdEfGhIjKlMnOpQrStUvWxYz012_-9",
  handle: "h_0123456789",
  userId: "usr_member",
  expiresAt: new Date("2026-12-28T10:00:00.000Z"),
  user: { kind: "customer", id: "usr_member", name: "Zoë Ł’Écrivain", email: "zoe@example.com", mustChangePassword: false, role: "USER", accountId: "acc_1", accountName: "Acme" },
};
const NOW = Date.parse("2026-11-28T10:00:00.000Z");

describe("gate hand-off", () => {
  it("gives the handler the session the gate read, once", () => {
    const name = handOff(session, COOKIE, NOW);
    expect(takeHandoff(name, COOKIE, NOW + 5)).toBe(session);
    expect(takeHandoff(name, COOKIE, NOW + 6)).toBeNull();
  });

  it("puts only a random name in the header: nothing of the session", () => {
    const name = handOff(session, COOKIE, NOW);
    expect(name).toMatch(/^[0-9a-f-]{36}$/);
    expect(name).not.toContain(session.id);
    expect(handOff(session, COOKIE, NOW)).not.toBe(name);
  });

  it("says nothing about another cookie (a replaced cookie is read again)", () => {
    expect(takeHandoff(handOff(session, COOKIE, NOW), `${COOKIE}x`, NOW)).toBeNull();
    expect(takeHandoff(handOff(session, COOKIE, NOW), undefined, NOW)).toBeNull();
  });

  it("is good for one request's life only", () => {
    expect(takeHandoff(handOff(session, COOKIE, NOW), COOKIE, NOW + HANDOFF_MAX_AGE_MS)).toBe(session);
    expect(takeHandoff(handOff(session, COOKIE, NOW), COOKIE, NOW + HANDOFF_MAX_AGE_MS + 1)).toBeNull();
  });

  it("finds nothing under a name the gate did not make", () => {
    const name = handOff(session, COOKIE, NOW);
    for (const forged of ["", "00000000-0000-4000-8000-000000000000", name.toUpperCase(), `${name} `, name.slice(1), "__proto__", "constructor"]) {
      expect(takeHandoff(forged, COOKIE, NOW)).toBeNull();
    }
    expect(takeHandoff(null, COOKIE, NOW)).toBeNull();
    expect(takeHandoff(name, COOKIE, NOW)).toBe(session);
  });

  it("keeps no answer a handler never asked for past its time, and never more than the cap", () => {
    const stale = handOff(session, COOKIE, NOW);
    const names = Array.from({ length: HANDOFF_MAX_WAITING + 1 }, () => handOff(session, COOKIE, NOW + HANDOFF_MAX_AGE_MS + 1));
    // The stale answer went when the next was left; the oldest fresh one went to keep the cap.
    expect(takeHandoff(stale, COOKIE, NOW + HANDOFF_MAX_AGE_MS + 1)).toBeNull();
    expect(takeHandoff(names[0], COOKIE, NOW + HANDOFF_MAX_AGE_MS + 1)).toBeNull();
    expect(takeHandoff(names[1], COOKIE, NOW + HANDOFF_MAX_AGE_MS + 1)).toBe(session);
    expect(takeHandoff(names.at(-1), COOKIE, NOW + HANDOFF_MAX_AGE_MS + 1)).toBe(session);
  });
});
