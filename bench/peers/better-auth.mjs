// Better Auth as bench/peers.mjs runs it: its PostgreSQL adapter on a pg Pool (Kysely inside), as
// its docs say, email and password sign-in, and `session.cookieCache` on or off. Used by the
// benchmark itself (migrations, sign-in, revokeSession) and by the proxy it swaps into the
// "better-auth" build (bench/peers/proxy.mjs), so both speak to the same tables with the same secret.
import { betterAuth } from "better-auth";
import pg from "pg";

/** Options for Better Auth on `databaseUrl`; `cookieCacheSeconds` 0 checks the database on every getSession. */
export function betterAuthOptions({ databaseUrl, secret, cookieCacheSeconds }) {
  return {
    database: new pg.Pool({ connectionString: databaseUrl, max: 10 }),
    secret,
    baseURL: "http://127.0.0.1",
    emailAndPassword: { enabled: true },
    session: cookieCacheSeconds > 0 ? { cookieCache: { enabled: true, maxAge: cookieCacheSeconds } } : {},
    telemetry: { enabled: false },
  };
}

let auth = null;
/** The app's instance, configured by the environment bench/peers.mjs starts it with. */
export function benchAuth() {
  auth ??= betterAuth(
    betterAuthOptions({
      databaseUrl: process.env.DATABASE_URL,
      secret: process.env.BETTER_AUTH_SECRET,
      cookieCacheSeconds: Number(process.env.BENCH_BA_COOKIE_CACHE ?? 0),
    }),
  );
  return auth;
}
