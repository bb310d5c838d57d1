import { spawn } from "node:child_process";
import { expect, test } from "@playwright/test";
import { E2E } from "./env.mjs";
import { apiSignIn, uiSignIn } from "./support/auth";
import { createAccount, db } from "./support/db";

// The request gate, end to end: a session ended anywhere is refused on its very next request,
// on every instance; a dead database fails closed.

const A = `http://localhost:${E2E.portA}`;
const B = `http://localhost:${E2E.portB}`;

test("a session ended from a second device through the API is refused on the first browser's next navigation", async ({ page }) => {
  const { member } = await createAccount("gate");
  await uiSignIn(page, member.email, member.password, "/settings/sessions");
  await page.goto("/settings/sessions");
  await expect(page.getByTestId("active-session")).toHaveCount(1);

  const phone = await apiSignIn(A, member.email, member.password);
  const listing = await (await phone.get("/api/sessions")).json();
  const browserSession = listing.active.find((s: { current: boolean }) => !s.current);
  expect(listing.active).toHaveLength(2);
  expect(browserSession.id).toMatch(/^[A-Za-z0-9_-]{32}$/);
  const res = await phone.delete(`/api/sessions/${browserSession.id}`);
  expect(res.status()).toBe(200);

  await page.goto("/settings/sessions");
  await expect(page).toHaveURL(/\/login\?reason=ended&callbackUrl=%2Fsettings%2Fsessions/);
  await expect(page.getByRole("status")).toContainText("Your session was ended");
  const cookies = await page.context().cookies();
  expect(cookies.find((c) => c.name === "bb.session")).toBeUndefined();

  // Signing in again returns to the page asked for, with a new session id (no fixation).
  await page.getByLabel("Email").fill(member.email);
  await page.getByLabel("Password").fill(member.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings\/sessions$/);
  const after = await (await phone.get("/api/sessions")).json();
  expect(after.active.map((s: { id: string }) => s.id)).not.toContain(browserSession.id);
  await phone.dispose();
});

test("a session ended through instance A is refused by instance B on the next request", async () => {
  const { member } = await createAccount("two-instances");
  const onA = await apiSignIn(A, member.email, member.password);
  const cookie = (await onA.storageState()).cookies.find((c) => c.name === "bb.session")!;
  // The same cookie works on B: both instances read the one sessions table.
  const onB = await (await import("@playwright/test")).request.newContext({ baseURL: B, extraHTTPHeaders: { cookie: `bb.session=${cookie.value}` } });
  expect((await onB.get("/api/sessions")).status()).toBe(200);
  const me = (await (await onA.get("/api/sessions")).json()).active.find((s: { current: boolean }) => s.current);

  const second = await apiSignIn(A, member.email, member.password);
  expect((await second.delete(`/api/sessions/${me.id}`)).status()).toBe(200);

  const refused = await onB.get("/api/sessions");
  expect(refused.status()).toBe(401);
  expect(await refused.json()).toEqual({ error: "Your session has ended. Sign in again." });
  const page = await onB.get("/settings/sessions", { maxRedirects: 0 });
  expect(page.status()).toBe(303);
  expect(page.headers().location).toContain("/login?reason=ended");
  await Promise.all([onA.dispose(), onB.dispose(), second.dispose()]);
});

test("the recorded IP is the socket's: a spoofed X-Forwarded-For changes nothing", async () => {
  const { member } = await createAccount("spoof");
  const ctx = await (await import("@playwright/test")).request.newContext({ baseURL: A, extraHTTPHeaders: { "x-forwarded-for": "6.6.6.6" } });
  const { csrfToken } = await (await ctx.get("/api/auth/csrf")).json();
  await ctx.post("/api/auth/callback/credentials", { form: { email: member.email, password: member.password, csrfToken, json: "true" } });
  const body = await (await ctx.get("/api/sessions")).json();
  expect(body.active[0].ip).not.toBe("6.6.6.6");
  expect(["127.0.0.1", "::1"]).toContain(body.active[0].ip);
  expect(body.active[0].location).toBe("Local network");
  await ctx.dispose();
});

test("bad input gets a clear 4xx and never a stack trace", async () => {
  const { member } = await createAccount("badinput");
  const ctx = await apiSignIn(A, member.email, member.password);
  for (const [path, status] of [
    ["/api/sessions/not-a-session-id", 404],
    ["/api/sessions/%00%01", 404],
    [`/api/sessions/${"A".repeat(32)}`, 404],
  ] as const) {
    const res = await ctx.delete(path);
    expect(res.status(), path).toBe(status);
    const body = await res.json();
    expect(Object.keys(body)).toEqual(["error"]);
    expect(JSON.stringify(body)).not.toMatch(/at \w+ \(|SELECT|prisma|stack/i);
  }
  expect((await ctx.get("/api/sessions?page=-1")).status()).toBe(400);
  // A forged or garbage cookie is simply not signed in.
  const forged = await (await import("@playwright/test")).request.newContext({ baseURL: A, extraHTTPHeaders: { cookie: "bb.session=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..garbage.garbage.garbage" } });
  expect((await forged.get("/api/sessions")).status()).toBe(401);
  await Promise.all([ctx.dispose(), forged.dispose()]);
});

test("knowing a session ID does not let anyone act as that session", async () => {
  const { member } = await createAccount("idleak");
  const ctx = await apiSignIn(A, member.email, member.password);
  const id = (await (await ctx.get("/api/sessions")).json()).active[0].id as string;
  const stranger = await (await import("@playwright/test")).request.newContext({ baseURL: A });
  for (const cookie of [`bb.session=${id}`, `next-auth.session-token=${id}`]) {
    const res = await stranger.get("/api/sessions", { headers: { cookie } });
    expect(res.status()).toBe(401);
  }
  expect((await stranger.get(`/api/sessions?sid=${id}`)).status()).toBe(401);
  await Promise.all([ctx.dispose(), stranger.dispose()]);
});

test("if the database cannot be reached, the gate fails closed", async () => {
  const { member } = await createAccount("failclosed");
  const ctx = await apiSignIn(A, member.email, member.password);
  const cookie = (await ctx.storageState()).cookies.find((c) => c.name === "bb.session")!;
  // A third instance of the same build whose database is unreachable.
  const port = E2E.portB + 7;
  const child = spawn(
    process.execPath,
    ["--input-type=module", "-e", `const { startServer } = await import("./scripts/server.mjs"); await startServer({ dir: process.cwd(), port: ${port} });`],
    { env: { ...process.env, ...E2E.env, NODE_ENV: "production", DATABASE_URL: "postgresql://postgres@127.0.0.1:9/nowhere", PORT: String(port) }, stdio: "ignore" },
  );
  try {
    const C = `http://localhost:${port}`;
    const dead = await (await import("@playwright/test")).request.newContext({ baseURL: C, extraHTTPHeaders: { cookie: `bb.session=${cookie.value}` } });
    await expect.poll(async () => (await dead.get("/api/health").catch(() => null))?.status(), { timeout: 60_000 }).toBe(503);
    const api = await dead.get("/api/sessions");
    expect(api.status()).toBe(503);
    expect(await api.json()).toEqual({ error: "Service unavailable. Try again shortly." });
    const page = await dead.get("/settings/sessions", { maxRedirects: 0 });
    expect(page.status()).toBe(503);
    expect(await page.text()).not.toContain("My Active Sessions");
    await dead.dispose();
  } finally {
    child.kill("SIGTERM");
    await ctx.dispose();
  }
});

test("last active is written at most once a minute however busy the session is", async () => {
  const { member } = await createAccount("touch");
  const ctx = await apiSignIn(A, member.email, member.password);
  const before = await db().query("SELECT last_active_at FROM sessions WHERE user_id = $1", [member.id]);
  await db().query("UPDATE sessions SET last_active_at = now() - interval '30 seconds' WHERE user_id = $1", [member.id]);
  const set = (await db().query("SELECT last_active_at FROM sessions WHERE user_id = $1", [member.id])).rows[0].last_active_at as Date;
  for (let i = 0; i < 20; i++) expect((await ctx.get("/api/sessions")).status()).toBe(200);
  const still = (await db().query("SELECT last_active_at FROM sessions WHERE user_id = $1", [member.id])).rows[0].last_active_at as Date;
  expect(still.getTime()).toBe(set.getTime());
  await db().query("UPDATE sessions SET last_active_at = now() - interval '61 seconds' WHERE user_id = $1", [member.id]);
  expect((await ctx.get("/api/sessions")).status()).toBe(200);
  const moved = (await db().query("SELECT last_active_at FROM sessions WHERE user_id = $1", [member.id])).rows[0].last_active_at as Date;
  expect(Date.now() - moved.getTime()).toBeLessThan(10_000);
  expect(before.rowCount).toBe(1);
  await ctx.dispose();
});

test("a page left open on an ended session: its next Server Action lands on the login screen", async ({ page }) => {
  const { member } = await createAccount("stale-page");
  await uiSignIn(page, member.email, member.password, "/settings/sessions");
  await page.goto("/settings/sessions");
  const phone = await apiSignIn(A, member.email, member.password);
  await page.reload();
  await expect(page.getByTestId("active-session")).toHaveCount(2);
  const mine = (await (await phone.get("/api/sessions")).json()).active.find((s: { current: boolean }) => !s.current);
  expect((await phone.delete(`/api/sessions/${mine.id}`)).status()).toBe(200);
  // The open page still shows the phone's row; its Logout posts a Server Action with a dead cookie.
  await page.getByTestId("active-session").nth(1).getByRole("button", { name: /^Logout/ }).click();
  await expect(page).toHaveURL(/\/login\?reason=ended/);
  expect((await (await phone.get("/api/sessions")).json()).active).toHaveLength(1);
  await phone.dispose();
});

test("after signing in, a disguised callbackUrl never leaves the site", async ({ page }) => {
  const { member } = await createAccount("redirect");
  await page.goto("/login?callbackUrl=%2F%09%2Fevil.example");
  await page.getByLabel("Email").fill(member.email);
  await page.getByLabel("Password").fill(member.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  expect(new URL(page.url()).host).toBe(`localhost:${E2E.portA}`);
  // Already signed in: the login page redirects at once, and still only on this site.
  const res = await page.request.get("/login?callbackUrl=%2F%5Cevil.example", { maxRedirects: 0 });
  expect(new URL(res.headers().location ?? "/", A).host).toBe(`localhost:${E2E.portA}`);
});

test("next-auth's own /api/auth/session gives nothing to a dead session and does not re-issue its cookie", async () => {
  const { member } = await createAccount("authsession");
  const ctx = await apiSignIn(A, member.email, member.password);
  const cookie = (await ctx.storageState()).cookies.find((c) => c.name === "bb.session")!;
  expect((await (await ctx.get("/api/auth/session")).json()).user).toBeTruthy();
  const me = (await (await ctx.get("/api/sessions")).json()).active[0].id;
  const other = await apiSignIn(A, member.email, member.password);
  expect((await other.delete(`/api/sessions/${me}`)).status()).toBe(200);
  const stale = await (await import("@playwright/test")).request.newContext({ baseURL: A, extraHTTPHeaders: { cookie: `bb.session=${cookie.value}` } });
  const res = await stale.get("/api/auth/session");
  expect(await res.json()).toEqual({});
  expect(res.headers()["set-cookie"] ?? "").not.toMatch(/bb\.session=ey/);
  await Promise.all([ctx.dispose(), other.dispose(), stale.dispose()]);
});
