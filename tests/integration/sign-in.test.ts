import { beforeAll, describe, expect, inject, it } from "vitest";
import { getAuthOptions } from "@/lib/auth/options";
import { hashPassword } from "@/lib/auth/password";
import { checkSignInAllowed, clearFailedSignIns, recordFailedSignIn, SignInLimited } from "@/lib/auth/rate-limit";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { createAccount, createUser, SECOND, sessionRow, UA, type TestUser } from "../helpers/fixtures";

// Signing in: the failed-sign-in limit (lib/auth/rate-limit.ts) and next-auth's Credentials
// sign-in that applies it (lib/auth/options.ts). Failures are limited per e-mail (guessing one
// account's password) and per IP (spraying one password over many accounts), in the database
// so every instance agrees.

const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
let n = 0;
const email = () => `victim${++n}@example.com`;
const ip = () => `203.0.113.${++n % 250}`;

async function limited(promise: Promise<void>): Promise<SignInLimited> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SignInLimited) return error;
    throw error;
  }
  throw new Error("sign-in was allowed");
}

async function fail(times: number, who: { email: () => string; ip: () => string }, start: Date) {
  for (let i = 0; i < times; i++) await recordFailedSignIn(who.email(), who.ip(), at(start, i * SECOND));
}

describe(`sign-in rate limit on ${inject("databaseLabel")}`, () => {
  it("locks an e-mail after the allowed number of failures, from any IP, until the window has passed", async () => {
    const { maxFailures, windowMs } = getConfig().signIn;
    const victim = email();
    const t0 = new Date(Date.now() - 60 * SECOND);

    await fail(maxFailures - 1, { email: () => victim, ip }, t0);
    await expect(checkSignInAllowed(victim, ip(), at(t0, 30 * SECOND))).resolves.toBeUndefined();

    await recordFailedSignIn(victim, ip(), at(t0, maxFailures * SECOND));
    const now = at(t0, 30 * SECOND);
    const error = await limited(checkSignInAllowed(victim, ip(), now));
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(windowMs / 1000);
    // Until the oldest failure leaves the window.
    expect(error.retryAfterSeconds).toBe((windowMs - 30 * SECOND) / 1000);
    expect(error.message).toMatch(/Too many failed sign-in attempts\. Try again in \d+ minutes?\./);

    // The e-mail's case does not matter.
    await limited(checkSignInAllowed(victim.toUpperCase(), ip(), now));
  });

  it("locks an IP after the allowed number of failures across different e-mails", async () => {
    const { maxFailures } = getConfig().signIn;
    const sprayer = ip();
    const t0 = new Date(Date.now() - 60 * SECOND);
    await fail(maxFailures, { email, ip: () => sprayer }, t0);

    const now = at(t0, 10 * SECOND);
    await limited(checkSignInAllowed(email(), sprayer, now));
    // Someone else, elsewhere, is not affected.
    await expect(checkSignInAllowed(email(), ip(), now)).resolves.toBeUndefined();
  });

  it("a correct password clears the e-mail's failures, not the IP's", async () => {
    const { maxFailures } = getConfig().signIn;
    const victim = email();
    const sprayer = ip();
    const t0 = new Date(Date.now() - 60 * SECOND);
    await fail(maxFailures, { email: () => victim, ip: () => sprayer }, t0);
    const now = at(t0, 10 * SECOND);
    await limited(checkSignInAllowed(victim, ip(), now));

    await clearFailedSignIns(victim);
    await expect(checkSignInAllowed(victim, ip(), now)).resolves.toBeUndefined();
    await limited(checkSignInAllowed(victim, sprayer, now));
    await limited(checkSignInAllowed(email(), sprayer, now));
  });

  it("clearing one e-mail leaves other accounts locked", async () => {
    const { maxFailures } = getConfig().signIn;
    const [a, b] = [email(), email()];
    const t0 = new Date(Date.now() - 60 * SECOND);
    await fail(maxFailures, { email: () => a, ip }, t0);
    await fail(maxFailures, { email: () => b, ip }, t0);
    await clearFailedSignIns(a);
    await limited(checkSignInAllowed(b, ip(), at(t0, 10 * SECOND)));
  });

  it("forgets failures older than the window", async () => {
    const { maxFailures, windowMs } = getConfig().signIn;
    const victim = email();
    const sprayer = ip();
    const t0 = new Date(Date.now() - 2 * windowMs);
    await fail(maxFailures, { email: () => victim, ip: () => sprayer }, t0);

    await limited(checkSignInAllowed(victim, sprayer, at(t0, windowMs - SECOND)));
    const later = at(t0, windowMs + maxFailures * SECOND);
    await expect(checkSignInAllowed(victim, sprayer, later)).resolves.toBeUndefined();

    // Half old, half new: only the new ones count.
    await fail(maxFailures - 1, { email: () => victim, ip }, later);
    await expect(checkSignInAllowed(victim, ip(), at(later, maxFailures * SECOND))).resolves.toBeUndefined();
  });
});

// The same limit as the sign-in form meets it: next-auth's Credentials authorize() (lib/auth/options.ts).
describe(`sign-in (authorize) on ${inject("databaseLabel")}`, () => {
  type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<Record<string, unknown> | null>;
  let authorize: Authorize;
  let callbacks: NonNullable<ReturnType<typeof getAuthOptions>["callbacks"]>;
  let events: NonNullable<ReturnType<typeof getAuthOptions>["events"]>;
  const password = "correct horse battery staple";
  let user: TestUser;

  beforeAll(async () => {
    const options = getAuthOptions();
    authorize = (options.providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;
    callbacks = options.callbacks!;
    events = options.events!;
    user = await createUser(await createAccount());
    await getDb().user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
  });

  const from = (address: string) => ({ headers: { "x-forwarded-for": address, "user-agent": UA.firefoxWindows } });

  it("signs in with the right password, whatever the e-mail's case, and refuses a wrong one", async () => {
    const signedIn = await authorize({ email: user.email.toUpperCase(), password }, from("10.9.8.7"));
    expect(signedIn).toMatchObject({ id: user.id, ip: "10.9.8.7", userAgent: UA.firefoxWindows });
    expect(await authorize({ email: user.email, password: "wrong" }, from("10.9.8.7"))).toBeNull();
    expect(await authorize({ email: "nobody@example.com", password }, from("10.9.8.7"))).toBeNull();
    await clearFailedSignIns(user.email);
  });

  it("creates a new session row on every sign-in: no session fixation", async () => {
    const signedIn = (await authorize({ email: user.email, password }, from("10.9.8.7")))!;
    const first = await callbacks.jwt!({ token: { sid: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", sub: user.id }, user: signedIn as never, account: null } as never);
    const second = await callbacks.jwt!({ token: first, user: signedIn as never, account: null } as never);
    expect(first.sid).not.toBe("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    expect(second.sid).not.toBe(first.sid);
    // The cookie carries only the session row's id and the user's.
    expect(Object.keys(first).sort()).toEqual(["sid", "sub"]);
    for (const sid of [first.sid, second.sid] as string[]) {
      expect(await sessionRow(sid)).toMatchObject({ user_id: user.id, status: "ACTIVE", ip: "10.9.8.7", browser: "Firefox" });
    }

    // next-auth's sign-out endpoint ends the row, not just the cookie.
    await events.signOut!({ token: first, session: null as never });
    expect(await sessionRow(first.sid as string)).toMatchObject({ status: "TERMINATED", end_reason: "SIGN_OUT" });
    expect((await sessionRow(second.sid as string))!.status).toBe("ACTIVE");
  });

  it("sets the session cookie HttpOnly and SameSite=Lax", () => {
    const cookie = getAuthOptions().cookies!.sessionToken!;
    expect(cookie.options).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/" });
    // No https:// AUTH_URL here, so no Secure flag and no __Secure- prefix (see token.test.ts for both).
    expect(cookie.options.secure).toBe(false);
  });

  it("refuses a cookie whose claims were not made by a sign-in", async () => {
    await expect(callbacks.jwt!({ token: { sid: "not-a-session-id", sub: user.id } } as never)).rejects.toThrow();
  });

  it("refuses even the right password once the e-mail is locked, with a message saying so", async () => {
    const { maxFailures } = getConfig().signIn;
    const victim = await createUser(await createAccount());
    await getDb().user.update({ where: { id: victim.id }, data: { passwordHash: await hashPassword(password) } });
    for (let i = 0; i < maxFailures; i++) expect(await authorize({ email: victim.email, password: `guess-${i}` }, from(ip()))).toBeNull();

    await expect(authorize({ email: victim.email, password }, from(ip()))).rejects.toThrow(/Too many failed sign-in attempts/);
  });

  it("does not let a burst of parallel guesses past the limit", async () => {
    const { maxFailures } = getConfig().signIn;
    const victim = await createUser(await createAccount());
    await getDb().user.update({ where: { id: victim.id }, data: { passwordHash: await hashPassword(password) } });

    const outcomes = await Promise.allSettled(
      Array.from({ length: 2 * maxFailures }, (_, i) => authorize({ email: victim.email, password: `guess-${i}` }, from(ip()))),
    );
    // Every guess whose password was actually checked came back null; the rest were refused.
    const checked = outcomes.filter((o) => o.status === "fulfilled").length;
    expect(checked).toBeLessThanOrEqual(maxFailures);
  });
});
