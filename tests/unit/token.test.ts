import { decode as nextAuthDecode, encode as nextAuthEncode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { decodeToken, encodeToken, readSessionCookie, sessionCookieName } from "@/lib/auth/token";

// The session cookie: an encrypted token carrying the session row's id (sid) and the user id.
// Anything a client did to it must make it worthless.

const SECRET = "unit-test-secret-0123456789abcdefghijklmnop";
const claims = { sid: "AbCdEfGhIjKlMnOpQrStUvWxYz012_-9", sub: "usr_member" };
const HOUR = 3600;

/** Changes one character of one part of a compact JWE (header . key . iv . ciphertext . tag). */
function tamper(token: string, part: number): string {
  const parts = token.split(".");
  const value = parts[part]!;
  const i = Math.floor(value.length / 2);
  parts[part] = value.slice(0, i) + (value[i] === "A" ? "B" : "A") + value.slice(i + 1);
  return parts.join(".");
}

describe("session cookie codec", () => {
  it("round-trips the session id and user id", async () => {
    const token = await encodeToken(claims, SECRET, HOUR);
    expect(await readSessionCookie(token, SECRET)).toEqual(claims);
  });

  it("does not show the session id to whoever reads the cookie", async () => {
    const token = await encodeToken(claims, SECRET, HOUR);
    expect(token).not.toContain(claims.sid);
    expect(Buffer.from(token.replaceAll(".", ""), "base64url").toString("latin1")).not.toContain(claims.sid);
  });

  it("refuses a token with any part tampered with", async () => {
    const token = await encodeToken(claims, SECRET, HOUR);
    for (const part of [0, 2, 3, 4]) {
      const forged = tamper(token, part);
      expect(forged).not.toBe(token);
      expect(await decodeToken(forged, SECRET), `part ${part}`).toBeNull();
      expect(await readSessionCookie(forged, SECRET), `part ${part}`).toBeNull();
    }
  });

  it("refuses a token made with another secret", async () => {
    const token = await encodeToken(claims, "another-secret-0123456789abcdefghijklmnop", HOUR);
    expect(await decodeToken(token, SECRET)).toBeNull();
    expect(await readSessionCookie(token, SECRET)).toBeNull();
  });

  it("refuses an expired token", async () => {
    const token = await encodeToken(claims, SECRET, -5 * 60);
    expect(await readSessionCookie(token, SECRET)).toBeNull();
  });

  it("refuses a valid token that names no session, or a malformed one", async () => {
    const noSid = await encodeToken({ sub: "usr_member" }, SECRET, HOUR);
    expect(await decodeToken(noSid, SECRET)).toMatchObject({ sub: "usr_member" });
    expect(await readSessionCookie(noSid, SECRET)).toBeNull();

    for (const sid of ["short", `${claims.sid}x`, "AbCdEfGhIjKlMnOpQrStUvWxYz01/+=9", 42]) {
      const token = await encodeToken({ ...claims, sid }, SECRET, HOUR);
      expect(await readSessionCookie(token, SECRET), String(sid)).toBeNull();
    }
    const noUser = await encodeToken({ sid: claims.sid }, SECRET, HOUR);
    expect(await readSessionCookie(noUser, SECRET)).toBeNull();
  });

  it("refuses an over-long token without decrypting it", async () => {
    const huge = await encodeToken({ ...claims, padding: "x".repeat(5_000) }, SECRET, HOUR);
    expect(huge.length).toBeGreaterThan(4096);
    expect(await decodeToken(huge, SECRET)).toBeNull();
    expect(await readSessionCookie(huge, SECRET)).toBeNull();
  });

  it("refuses nothing and garbage", async () => {
    for (const token of [undefined, null, "", "garbage", "a.b.c.d.e", "....", "%00"]) {
      expect(await readSessionCookie(token, SECRET), String(token)).toBeNull();
    }
  });

  it("stays in next-auth's own cookie format, both ways", async () => {
    const ours = await encodeToken(claims, SECRET, HOUR);
    expect(await nextAuthDecode({ token: ours, secret: SECRET })).toMatchObject(claims);
    const theirs = await nextAuthEncode({ token: claims, secret: SECRET, maxAge: HOUR });
    expect(await readSessionCookie(theirs, SECRET)).toEqual(claims);
  });
});

describe("sessionCookieName", () => {
  it("uses the __Host- prefix over HTTPS only", () => {
    expect(sessionCookieName(true)).toMatch(/^__Host-/);
    expect(sessionCookieName(false)).not.toMatch(/^__/);
  });
});
