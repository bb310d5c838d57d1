import { describe, expect, it } from "vitest";
import { HANDOFF_MAX_AGE_MS, openHandoff, sealHandoff } from "@/lib/auth/handoff";
import type { LiveSession } from "@/lib/sessions/gate";

// The gate's hand-off to the handler behind it: a header only this process can make, for one
// cookie, for the life of one request. Whatever a client sends in its place must be ignored.

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
  it("gives the handler back the session the gate read, dates and non-ASCII names included", () => {
    const opened = openHandoff(sealHandoff(session, COOKIE, NOW), COOKIE, NOW + 5);
    expect(opened).toEqual(session);
    expect(opened?.expiresAt).toBeInstanceOf(Date);
  });

  it("is a header value: ASCII only, no session ID in clear text", () => {
    const value = sealHandoff(session, COOKIE, NOW);
    expect(value).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it("says nothing about another cookie (a replaced cookie is read again)", () => {
    expect(openHandoff(sealHandoff(session, COOKIE, NOW), `${COOKIE}x`, NOW)).toBeNull();
    expect(openHandoff(sealHandoff(session, COOKIE, NOW), undefined, NOW)).toBeNull();
  });

  it("is good for one request's life only", () => {
    const value = sealHandoff(session, COOKIE, NOW);
    expect(openHandoff(value, COOKIE, NOW + HANDOFF_MAX_AGE_MS)).not.toBeNull();
    expect(openHandoff(value, COOKIE, NOW + HANDOFF_MAX_AGE_MS + 1)).toBeNull();
    expect(openHandoff(value, COOKIE, NOW - 1)).toBeNull();
  });

  it("ignores anything a client could make: altered, re-signed with a guessed key, truncated, garbage", () => {
    const value = sealHandoff(session, COOKIE, NOW);
    const [body, mac] = value.split(".") as [string, string];
    // Someone else's user id in the body, the gate's MAC kept.
    const forged = Buffer.from(Buffer.from(body, "base64url").toString("utf8").replaceAll("usr_member", "usr_owner_")).toString("base64url");
    expect(openHandoff(`${forged}.${mac}`, COOKIE, NOW)).toBeNull();
    expect(openHandoff(`${body}.${mac.slice(0, -2)}`, COOKIE, NOW)).toBeNull();
    expect(openHandoff(`${body}.`, COOKIE, NOW)).toBeNull();
    expect(openHandoff(body, COOKIE, NOW)).toBeNull();
    expect(openHandoff("", COOKIE, NOW)).toBeNull();
    expect(openHandoff("...", COOKIE, NOW)).toBeNull();
    expect(openHandoff(null, COOKIE, NOW)).toBeNull();
  });
});
