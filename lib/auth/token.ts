import { hkdf } from "@panva/hkdf";
import { EncryptJWT, jwtDecrypt } from "jose";
import { z } from "zod";

// The session cookie: an encrypted JWT (next-auth's own format: dir + A256GCM, key derived with
// HKDF) that carries only the session row's id and the user id. The row, not the cookie, says
// whether the session is alive. We keep next-auth's format but derive the key once per process
// instead of on every request, because the gate decodes the cookie on every request.

export const tokenClaims = z.object({
  sid: z.string().regex(/^[A-Za-z0-9_-]{32}$/),
  sub: z.string().min(1).max(64),
});
export type TokenClaims = z.infer<typeof tokenClaims>;

const keys = new Map<string, Promise<Uint8Array>>();

function encryptionKey(secret: string): Promise<Uint8Array> {
  let key = keys.get(secret);
  if (!key) {
    key = hkdf("sha256", secret, "", "NextAuth.js Generated Encryption Key", 32);
    keys.set(secret, key);
  }
  return key;
}

export async function encodeToken(payload: Record<string, unknown>, secret: string, maxAgeSeconds: number): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new EncryptJWT(payload)
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .setIssuedAt(now)
    .setExpirationTime(now + maxAgeSeconds)
    .setJti(crypto.randomUUID())
    .encrypt(await encryptionKey(secret));
}

/** The raw payload, or null for a missing, forged, tampered or expired cookie. */
export async function decodeToken(token: string | undefined | null, secret: string): Promise<Record<string, unknown> | null> {
  if (!token || token.length > 4096) return null;
  try {
    const { payload } = await jwtDecrypt(token, await encryptionKey(secret), { clockTolerance: 15 });
    return payload;
  } catch {
    return null;
  }
}

/** The claims of a valid session cookie, or null. */
export async function readSessionCookie(token: string | undefined | null, secret: string): Promise<TokenClaims | null> {
  const parsed = tokenClaims.safeParse(await decodeToken(token, secret));
  return parsed.success ? parsed.data : null;
}

/** The cookie's attributes, used to set it and to clear it (a __Host- cookie clears only with Secure). */
export function sessionCookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", secure };
}

/**
 * The cookie's name: over HTTPS the __Host- prefix, which the browser accepts only with Secure,
 * Path=/ and no Domain, so neither a sibling subdomain nor plain HTTP can plant or shadow it.
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? "__Host-bb.session" : "bb.session";
}
