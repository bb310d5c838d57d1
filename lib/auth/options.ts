import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { requestIp } from "@/lib/http/request-ip";
import { formatLocation, locate } from "@/lib/geo/locate";
import { recordSecurityEvents } from "@/lib/security/events";
import { createSession, signOutSession } from "@/lib/sessions/store";
import { parseUserAgent } from "@/lib/sessions/user-agent";
import { signInSchema } from "@/lib/validations/sign-in";
import { burnPasswordCheck, verifyPassword } from "./password";
import { beginSignInAttempt, SignInLimited } from "./rate-limit";
import { verifyClaims } from "./verify";
import { decodeToken, encodeToken, readSessionCookie, sessionCookieName, sessionCookieOptions, tokenClaims } from "./token";

type HeaderBag = Record<string, string | string[] | undefined>;

function header(headers: unknown, name: string): string | null {
  if (!headers || typeof headers !== "object") return null;
  const value = headers instanceof Headers ? headers.get(name) : (headers as HeaderBag)[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** Checks an e-mail and password; the signed-in user with where they signed in from, or null. */
async function authorizeCredentials(credentials: unknown, headers: unknown) {
  const parsed = signInSchema.safeParse(credentials ?? {});
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const ip = requestIp(header(headers, "x-forwarded-for"));
  const attempt = await beginSignInAttempt(email, ip); // throws SignInLimited
  const user = await getDb().user.findUnique({
    where: { email },
    select: { id: true, name: true, email: true, passwordHash: true, deactivatedAt: true },
  });
  const ok = user ? await verifyPassword(password, user.passwordHash) : await burnPasswordCheck(password);
  // A deactivated user is refused exactly like a wrong password: nothing tells a guesser which.
  if (!user || !ok || user.deactivatedAt) {
    await attempt.failed();
    if (user && !ok) await recordWrongPassword(user.id, ip, header(headers, "user-agent"));
    return null;
  }
  await attempt.succeeded();
  return { id: user.id, name: user.name, email: user.email, ip, userAgent: header(headers, "user-agent"), replaces: await liveSessionOf(headers) };
}

/**
 * A wrong password for an existing account (deactivated or not) goes into that user's activity
 * log: from where, and what the guesser's browser said it was. An unknown address has no one to tell.
 */
async function recordWrongPassword(userId: string, ip: string, userAgent: string | null) {
  const { browser, os, deviceType } = parseUserAgent(userAgent);
  const location = formatLocation(ip, locate(ip));
  await recordSecurityEvents(getDb(), [{ type: "SIGN_IN_FAILED", subjectUserId: userId, actor: null, ip, detail: { device: { browser, os, deviceType, location } } }]);
}

/** The session this browser is signed in with already, if its cookie is still valid: the new sign-in replaces it. */
async function liveSessionOf(headers: unknown): Promise<string | null> {
  const { secureCookies, authSecret } = getConfig();
  const name = sessionCookieName(secureCookies);
  const value = (header(headers, "cookie") ?? "")
    .split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name}=`))
    ?.slice(name.length + 1);
  return (await readSessionCookie(value, authSecret))?.sid ?? null;
}

let options: NextAuthOptions | undefined;

export function getAuthOptions(): NextAuthOptions {
  if (options) return options;
  const config = getConfig();
  const maxAge = Math.ceil(config.session.maxLifetimeMs / 1000);
  options = {
    secret: config.authSecret,
    useSecureCookies: config.secureCookies,
    session: { strategy: "jwt", maxAge, updateAge: 0 },
    jwt: {
      maxAge,
      encode: ({ token, secret, maxAge: age }) => encodeToken(token ?? {}, String(secret), age ?? maxAge),
      decode: ({ token, secret }) => decodeToken(token, String(secret)) as never,
    },
    cookies: {
      sessionToken: {
        name: sessionCookieName(config.secureCookies),
        options: sessionCookieOptions(config.secureCookies),
      },
    },
    pages: { signIn: "/login", error: "/login", signOut: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          try {
            return await authorizeCredentials(credentials, req.headers);
          } catch (error) {
            // Whatever went wrong, the message reaches the sign-in page: never a driver's or SQL's.
            if (error instanceof SignInLimited) throw error;
            console.error("[auth] sign-in failed:", (error as Error).name);
            throw new Error("Sign-in is unavailable right now. Please try again shortly.");
          }
        },
      }),
    ],
    callbacks: {
      // Sign-in always creates a new session row; the cookie carries only its id and the user's.
      async jwt({ token, user }) {
        if (user) {
          const signedIn = user as typeof user & { ip: string; userAgent: string | null; replaces: string | null };
          // The session this browser held ends as replaced, in the same transaction.
          const sid = await createSession({ userId: signedIn.id, userAgent: signedIn.userAgent, ip: signedIn.ip, replaces: signedIn.replaces });
          return { sid, sub: signedIn.id };
        }
        // /api/auth/session bypasses the gate: the row decides here too, and a dead session's
        // cookie is cleared (next-auth clears it when this callback throws), never re-issued.
        const claims = tokenClaims.safeParse(token);
        if (!claims.success) throw new Error("Malformed session token");
        if (!(await verifyClaims(claims.data)).ok) throw new Error("Session ended");
        return { sid: claims.data.sid, sub: claims.data.sub };
      },
      async session({ session, token }) {
        return { ...session, user: { id: token.sub } } as typeof session;
      },
    },
    events: {
      // POST /api/auth/signout (scripts): the row ends, not just the cookie.
      async signOut({ token }) {
        const claims = tokenClaims.safeParse(token);
        if (claims.success) await signOutSession({ userId: claims.data.sub, sessionId: claims.data.sid });
      },
    },
    logger: {
      // next-auth's default logger prints whole error objects; keep logs free of credentials.
      error: (code) => console.error(`[auth] ${code}`),
      warn: (code) => (code === "DEBUG_ENABLED" ? undefined : console.warn(`[auth] ${code}`)),
      debug: () => {},
    },
  };
  return options;
}

export { SignInLimited };
