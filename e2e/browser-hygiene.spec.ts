import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { expect, request as playwrightRequest, test, type Page } from "@playwright/test";
import { E2E, E2E_STATE_FILE } from "./env.mjs";
import { apiSignIn, callAction, formData, uiSignIn } from "./support/auth";
import { activeSessions, createAccount, insertSession, sessionRow, snapshotSessions } from "./support/db";

// Session and browser hygiene: a Content-Security-Policy with a fresh nonce on every page, writes
// from other sites refused, one session per browser (signing in again replaces the old one), a
// new session ID after a password change, and over HTTPS a __Host- cookie and HSTS.

const A = `http://localhost:${E2E.portA}`;

/** Collects every CSP violation the page reports, from its first script on. */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.exposeFunction("__reportViolation", (text: string) => seen.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __reportViolation: (t: string) => void }).__reportViolation(`${e.violatedDirective} ${e.blockedURI} on ${location.pathname}`);
    });
  });
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) seen.push(message.text());
  });
  return seen;
}

function nonceOf(policy: string | undefined): string {
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy ?? "")?.[1];
  expect(nonce, `a nonce in ${policy}`).toBeTruthy();
  return nonce!;
}

test("every page carries a fresh nonce policy, and using the pages raises no violation", async ({ page }) => {
  const { owner, member } = await createAccount("csp");
  await insertSession(owner.id);
  const violations = await watchViolations(page);

  const login = await page.goto("/login");
  const loginPolicy = login!.headers()["content-security-policy"];
  expect(loginPolicy).toContain("script-src 'self' 'nonce-");
  expect(loginPolicy).toContain("'strict-dynamic'");
  expect(loginPolicy).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(loginPolicy).toContain("frame-ancestors 'none'");
  await uiSignIn(page, owner.email, owner.password, "/settings/sessions");

  const nonces = new Set<string>();
  for (const path of ["/settings/users", `/settings/users/${member.id}`, "/settings/password", "/settings/sessions", "/no-such-page"]) {
    const res = await page.goto(path);
    const nonce = nonceOf(res!.headers()["content-security-policy"]);
    nonces.add(nonce);
    // Every script Next wrote into the page carries this response's nonce, and no other.
    const scripts = await page.locator("script").evaluateAll((els) => els.map((el) => (el as HTMLScriptElement).nonce));
    expect(scripts.length, path).toBeGreaterThan(0);
    expect(new Set(scripts), path).toEqual(new Set([nonce]));
  }
  expect(nonces.size, "a new nonce per response").toBe(5);

  // The interactive parts still work under the policy: reveal tokens, log out another device.
  await page.goto("/settings/sessions");
  await page.getByRole("button", { name: "Show Tokens" }).click();
  await expect(page.getByTestId("full-session-id").first()).toBeVisible();
  const other = page.locator('[data-testid="active-session"]:not([data-current])').first();
  await other.getByRole("button", { name: /^Logout/ }).click();
  await expect(page.getByTestId("active-session")).toHaveCount(1);
  expect(violations).toEqual([]);
});

test("writes from another site are refused and change nothing; the same writes from this site work", async () => {
  const { member } = await createAccount("xsite");
  const ctx = await apiSignIn(A, member.email, member.password);
  const victim = await insertSession(member.id);
  const before = await snapshotSessions([member.id]);
  const foreign: Record<string, string>[] = [{ origin: "https://evil.example" }, { origin: "null" }, { "sec-fetch-site": "cross-site" }, { "sec-fetch-site": "same-site", origin: A }];

  for (const headers of foreign) {
    const api = await ctx.delete(`/api/sessions/${victim.id}`, { headers });
    expect(api.status(), JSON.stringify(headers)).toBe(403);
    expect(await api.json()).toEqual({ error: "Cross-site requests are not allowed." });
    const action = await ctx.post("/settings/sessions", {
      headers: { ...headers, "next-action": "0".repeat(42), "content-type": "text/plain;charset=UTF-8" },
      data: "[]",
    });
    expect(action.status(), JSON.stringify(headers)).toBe(403);
    const signIn = await ctx.post("/api/auth/callback/credentials", { headers, form: { email: member.email, password: member.password, json: "true" } });
    expect(signIn.status(), JSON.stringify(headers)).toBe(403);
  }
  expect(await snapshotSessions([member.id])).toEqual(before);

  // The real Server Action, as this site's page sends it (Origin = this site), goes through.
  const result = await callAction(ctx, "/settings/sessions", "endSessionAction", [{ status: "idle", message: "" }, formData({ handle: victim.handle })]);
  expect(result.status).toBe(200);
  expect((await sessionRow(victim.id))?.status).toBe("TERMINATED");
  expect((await ctx.delete(`/api/sessions/${victim.id}`, { headers: { origin: A, "sec-fetch-site": "same-origin" } })).status()).toBe(409);
  await ctx.dispose();
});

test("signing in again in the same browser replaces its session instead of leaving it behind", async ({ page }) => {
  const { member, billing } = await createAccount("resignin");
  await uiSignIn(page, member.email, member.password, "/settings/sessions");
  const [first] = await activeSessions(member.id);

  // A second sign-in from the same browser (its cookie still live): one session, the new one.
  const { csrfToken } = await (await page.request.get("/api/auth/csrf")).json();
  const again = await page.request.post("/api/auth/callback/credentials", { form: { email: member.email, password: member.password, csrfToken, json: "true" } });
  expect(again.status()).toBe(200);
  const now = await activeSessions(member.id);
  expect(now).toHaveLength(1);
  expect(now[0]!.id).not.toBe(first!.id);
  expect(await sessionRow(first!.id)).toMatchObject({ status: "TERMINATED", end_reason: "SIGNED_IN_AGAIN", ended_by_id: member.id });

  await page.goto("/settings/sessions");
  const replaced = page.getByTestId("history-session").filter({ hasText: "Replaced by a new sign-in on this browser" });
  await expect(replaced).toHaveCount(1);
  await expect(replaced).not.toContainText("next request");

  // Someone else signing in on this browser ends the member's session too, and names nobody.
  const token = (await (await page.request.get("/api/auth/csrf")).json()).csrfToken;
  await page.request.post("/api/auth/callback/credentials", { form: { email: billing.email, password: billing.password, csrfToken: token, json: "true" } });
  expect(await activeSessions(member.id)).toEqual([]);
  expect(await sessionRow(now[0]!.id)).toMatchObject({ status: "TERMINATED", end_reason: "SIGNED_IN_AGAIN", ended_by_id: member.id });
});

test("a page's own request answered after its cookie was replaced leaves the new session signed in", async ({ page }) => {
  const { member } = await createAccount("latefetch");
  await uiSignIn(page, member.email, member.password, "/settings/sessions");
  const sessionCookie = async () => (await page.context().cookies()).find((c) => c.name === "bb.session")?.value;
  const old = await sessionCookie();

  // This browser signs in again: a new session and cookie, the old session ended.
  const { csrfToken } = await (await page.request.get("/api/auth/csrf")).json();
  const again = await page.request.post("/api/auth/callback/credentials", { form: { email: member.email, password: member.password, csrfToken, json: "true" } });
  expect(again.status()).toBe(200);
  const fresh = await sessionCookie();
  expect(fresh).not.toBe(old);

  // One of the page's router prefetches, sent with the old cookie before that sign-in, is
  // answered now: refused, without clearing the cookie that has replaced it in the meantime.
  const late = await page.request.get("/settings/password", {
    headers: { cookie: `bb.session=${old}`, rsc: "1", "next-router-prefetch": "1", "sec-fetch-mode": "cors", "sec-fetch-dest": "empty", "sec-fetch-site": "same-origin" },
    maxRedirects: 0,
  });
  expect(late.status()).toBe(303);
  expect(late.headers()["location"]).toContain("/login?reason=ended");
  expect(await sessionCookie()).toBe(fresh);
  await page.goto("/settings/sessions");
  await expect(page).toHaveURL(/\/settings\/sessions$/);
  await expect(page.getByTestId("active-session")).toHaveCount(1);

  // A navigation with a dead cookie still clears it, and says why.
  const navigated = await page.request.get("/settings/password", {
    headers: { cookie: `bb.session=${old}`, "sec-fetch-mode": "navigate", "sec-fetch-dest": "document", "sec-fetch-site": "same-origin" },
    maxRedirects: 0,
  });
  expect(navigated.status()).toBe(303);
  expect(navigated.headers()["set-cookie"]).toMatch(/bb\.session=;.*Max-Age=0/);
});

test("a password change gives this browser a new session ID, and its old cookie is refused", async ({ page }) => {
  const { member } = await createAccount("rotate");
  await uiSignIn(page, member.email, member.password, "/settings/password");
  const oldCookie = (await page.context().cookies()).find((c) => c.name === "bb.session")!;
  const [old] = await activeSessions(member.id);

  await page.goto("/settings/password");
  const newPassword = "maple cinder thirty lanterns";
  await page.getByLabel("Current password").fill(member.password);
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByLabel("Confirm new password").fill(newPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Password changed." })).toBeVisible();

  const newCookie = (await page.context().cookies()).find((c) => c.name === "bb.session")!;
  expect(newCookie.value).not.toBe(oldCookie.value);
  expect(newCookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
  const [current] = await activeSessions(member.id);
  expect(current!.id).not.toBe(old!.id);
  expect(await sessionRow(old!.id)).toMatchObject({ status: "TERMINATED", end_reason: "PASSWORD_CHANGE" });

  // This browser carries on; whoever copied the old cookie holds nothing.
  expect((await page.request.get("/api/sessions")).status()).toBe(200);
  const replay = await playwrightRequest.newContext({ baseURL: A, extraHTTPHeaders: { cookie: `bb.session=${oldCookie.value}` } });
  expect((await replay.get("/api/sessions")).status()).toBe(401);
  await replay.dispose();
});

/** One raw HTTP exchange (no cookie jar, nothing dropped for being Secure). */
function raw(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path, headers: { host: `localhost:${port}`, ...headers }, agent: false }, (res) => {
      let data = "";
      res.on("data", (c) => (data += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

test("behind HTTPS (AUTH_URL https://…): a __Host- cookie, Secure, no Domain, and HSTS", async () => {
  const { member } = await createAccount("https");
  const { databaseUrl } = JSON.parse(readFileSync(E2E_STATE_FILE, "utf8")) as { databaseUrl: string };
  const port = E2E.portB + 8;
  const publicUrl = `https://localhost:${port}`;
  // A third instance of the same build, told that it is served over HTTPS by a proxy in front.
  const child: ChildProcess = spawn(
    process.execPath,
    ["--input-type=module", "-e", `const { startServer } = await import("./scripts/server.mjs"); await startServer({ dir: process.cwd(), port: ${port} });`],
    { env: { ...process.env, ...E2E.env, NODE_ENV: "production", DATABASE_URL: databaseUrl, AUTH_URL: publicUrl, NEXTAUTH_URL: publicUrl }, stdio: "ignore" },
  );
  try {
    await expect.poll(async () => (await raw(port, "GET", "/api/health").catch(() => null))?.status, { timeout: 60_000 }).toBe(200);
    const csrf = await raw(port, "GET", "/api/auth/csrf");
    const csrfCookies = (csrf.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
    const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
    const form = new URLSearchParams({ email: member.email, password: member.password, csrfToken, json: "true" }).toString();
    const signIn = await raw(port, "POST", "/api/auth/callback/credentials", { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookies, origin: publicUrl }, form);
    const session = (signIn.headers["set-cookie"] ?? []).find((c) => c.startsWith("__Host-bb.session="));
    expect(session, JSON.stringify(signIn.headers["set-cookie"])).toBeTruthy();
    expect(session).toMatch(/; Secure/i);
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; Path=\//i);
    expect(session).toMatch(/; SameSite=Lax/i);
    expect(session).not.toMatch(/; Domain=/i);

    const cookie = session!.split(";")[0]!;
    const page = await raw(port, "GET", "/settings/sessions", { cookie });
    expect(page.status).toBe(200);
    expect(page.headers["strict-transport-security"]).toBe("max-age=63072000");
    expect(page.headers["content-security-policy"]).toContain("upgrade-insecure-requests");
    // The plain-HTTP name of the cookie means nothing here.
    expect((await raw(port, "GET", "/api/sessions", { cookie: cookie.replace("__Host-bb.session", "bb.session") })).status).toBe(401);
    // A write must come from the public origin, not from how the request reached the instance.
    expect((await raw(port, "DELETE", `/api/sessions/${"A".repeat(32)}`, { cookie, origin: `http://localhost:${port}` })).status).toBe(403);
  } finally {
    child.kill("SIGTERM");
  }
});
