import { expect, test, type Browser, type Page } from "@playwright/test";
import { E2E } from "./env.mjs";
import { createAccount, db, insertSession, sessionRow, type TestUser } from "./support/db";
import { apiSignIn, uiSignIn } from "./support/auth";
import { lookAt } from "./support/look";

// A list that stays readable: a user with many sessions sees the ten most recent and can list
// them all; each row says when it signed in and opens its details; actions say what they did,
// keep keyboard focus in place, and survive the browser going offline; tabs show at once that
// they are on their way; history words and page numbers make sense.

const FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:145.0) Gecko/20100101 Firefox/145.0";

async function signedInPage(browser: Browser, user: TestUser, options: { userAgent?: string; viewport?: { width: number; height: number } } = {}): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await uiSignIn(page, user.email, user.password, "/settings/sessions");
  return page;
}

/** `active` other active sessions and `ended` terminated ones, straight into the table. */
async function manySessions(user: TestUser, active: number, ended: number) {
  await db().query(
    `INSERT INTO sessions (id, handle, user_id, created_at, last_active_at, expires_at, max_expires_at, user_agent, browser, browser_version, os, device_type, ip)
     SELECT substr(md5(random()::text) || md5(random()::text), 1, 32), substr(md5(random()::text), 1, 16), $1,
            now() - (g || ' hours')::interval, now() - (g || ' minutes')::interval, now() + interval '6 days', now() + interval '29 days',
            'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36', 'Chrome', '142', 'Linux', 'desktop', '127.0.0.1'
       FROM generate_series(1, $2::int) AS g`,
    [user.id, active],
  );
  await db().query(
    `INSERT INTO sessions (id, handle, user_id, status, created_at, last_active_at, expires_at, max_expires_at, ended_at, end_reason, browser, os, ip)
     SELECT substr(md5(random()::text) || md5(random()::text), 1, 32), substr(md5(random()::text), 1, 16), $1, 'TERMINATED',
            now() - (g || ' days')::interval, now() - (g || ' days')::interval, now() - (g || ' days')::interval + interval '1 hour',
            now() + interval '1 day', now() - (g || ' days')::interval + interval '1 hour', 'SIGN_OUT', 'Safari', 'iOS', '24.48.0.1'
       FROM generate_series(2, $2::int + 1) AS g`,
    [user.id, ended],
  );
}


test("23 sessions: the ten most recent, Show all 23 (keyboard), sign-in times and details; the HTML and JavaScript stay small", async ({ browser }, testInfo) => {
  // Four looks (axe on a long page) and four measured loads: minutes on a busy machine.
  test.setTimeout(300_000);
  const { member } = await createAccount("many");
  // This browser and 22 others, as in the report; then 21 others for the size budget below.
  await manySessions(member, 22, 20);
  const page = await signedInPage(browser, member);
  const active = page.getByRole("region", { name: "My Active Sessions" });
  const rows = active.getByTestId("active-session");
  await expect(rows).toHaveCount(10);
  await expect(rows.first()).toContainText("This device");
  await expect(rows.first()).toContainText(/Signed in just now/);
  await expect(rows.nth(1)).toContainText(/Signed in 1 hour ago/);
  await expect(active).toContainText("The 10 most recently active of 23");

  // A row's details: closed at first; open, the full user agent and where it signed in.
  const details = rows.nth(1).getByText("Details");
  await expect(rows.nth(1).getByText(/AppleWebKit/)).toBeHidden();
  await details.click();
  await expect(rows.nth(1).getByText(/^Mozilla\/5\.0 \(X11; Linux x86_64\)/)).toBeVisible();
  await expect(rows.nth(1)).toContainText(/from 127\.0\.0\.1 \(Local network\)/);

  // Show all 23, from the keyboard; then back to ten.
  const toggle = active.getByRole("link", { name: "Show all 23" });
  await toggle.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\?sessions=all$/);
  await expect(rows).toHaveCount(23);
  await expect(active).toContainText("All 23 active sessions");
  await active.getByRole("link", { name: "Show fewer" }).click();
  await expect(rows).toHaveCount(10);

  await lookAt(page, "many-sessions", testInfo);

  // The size budget: 22 active sessions and 20 in history, listed in full.
  await db().query("DELETE FROM sessions WHERE id = (SELECT id FROM sessions WHERE user_id = $1 AND status = 'ACTIVE' ORDER BY created_at LIMIT 1)", [member.id]);
  const sizes: Record<string, number> = {};
  for (const path of ["/settings/sessions", "/settings/sessions?sessions=all"]) sizes[path] = (await (await page.request.get(path)).text()).length;
  const heights: Record<string, number> = {};
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.emulateMedia({ colorScheme: "light" });
    for (const path of ["/settings/sessions", "/settings/sessions?sessions=all"]) {
      await page.goto(path);
      await expect(rows.first()).toBeVisible();
      heights[`${path} @${width}`] = await page.evaluate(() => document.documentElement.scrollHeight);
    }
  }
  // The JavaScript a browser with nothing cached downloads to open the page (as sent: compressed).
  const fresh = await browser.newContext({ storageState: await page.context().storageState() });
  const opener = await fresh.newPage();
  const scripts: Promise<[string, number]>[] = [];
  opener.on("requestfinished", (request) => {
    if (request.resourceType() === "script") scripts.push(request.sizes().then((s) => [new URL(request.url()).pathname.split("/").pop()!, s.responseBodySize]));
  });
  await opener.goto("/settings/sessions");
  await opener.waitForLoadState("networkidle");
  const scriptSizes = (await Promise.all(scripts)).sort((a, b) => b[1] - a[1]);
  const script = scriptSizes.reduce((sum, [, n]) => sum + n, 0);
  await fresh.close();
  const kB = (n: number) => `${(n / 1024).toFixed(1)} kB`;
  console.log(`[measure] My Sessions opens with ${scripts.length} scripts, ${kB(script)} transferred: ${scriptSizes.map(([name, n]) => `${name} ${kB(n)}`).join(", ")}`);
  console.log(`[measure] 22 active + 20 history: HTML ${kB(sizes["/settings/sessions"]!)} (first 10 listed), ${kB(sizes["/settings/sessions?sessions=all"]!)} (all listed)`);
  console.log(`[measure] page height: ${JSON.stringify(heights)}`);
  // The page as it opens (ten listed) keeps within the budget (150 kB), with room for little more
  // than it weighs now (119 kB): rows that went back to one payload element per cell would bring
  // it to 148 kB. The full list is measured above.
  expect(sizes["/settings/sessions"]).toBeLessThan(130 * 1024);
  // React and Next's router are about 132 kB of the JavaScript; ours is about 15 kB. The guard is
  // against a library slipping into the page's client code (next-auth's client, zod, …).
  expect(script).toBeLessThan(160 * 1024);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("Show all is a plain link, and details open", async ({ page }) => {
    const { member } = await createAccount("many-nojs");
    await manySessions(member, 12, 0);
    const api = await apiSignIn(`http://localhost:${E2E.portA}`, member.email, member.password);
    await page.context().addCookies((await api.storageState()).cookies);
    await page.goto("/settings/sessions");
    const rows = page.getByTestId("active-session");
    await expect(rows).toHaveCount(10);
    await page.getByRole("link", { name: "Show all 13" }).click();
    await expect(rows).toHaveCount(13);
    await rows.nth(2).getByText("Details").click();
    await expect(rows.nth(2).getByText(/^Mozilla\/5\.0/)).toBeVisible();
  });
});

test("Logout names the device, keeps focus at the list, offers to change the password; Show Tokens keeps focus and says what changed", async ({ browser }) => {
  const { member } = await createAccount("logout-words");
  const page = await signedInPage(browser, member);
  const other = await signedInPage(browser, member, { userAgent: FIREFOX_WINDOWS });
  await page.reload();
  const active = page.getByRole("region", { name: "My Active Sessions" });

  // Show Tokens: one stable control whose label says what it does (no aria-pressed as well).
  const toggle = active.getByTestId("tokens-toggle");
  await expect(toggle).toHaveAccessibleName("Show Tokens");
  await expect(toggle).not.toHaveAttribute("aria-pressed");
  await toggle.focus();
  await page.keyboard.press("Enter");
  await expect(toggle).toHaveAccessibleName("Hide Tokens");
  await expect(toggle).toBeFocused();
  await expect(active.getByRole("status").filter({ hasText: "Full session IDs shown" })).toBeAttached();
  await page.keyboard.press("Enter");
  await expect(toggle).toHaveAccessibleName("Show Tokens");
  await expect(toggle).toBeFocused();
  await expect(active.getByRole("status").filter({ hasText: "Full session IDs hidden" })).toBeAttached();

  // Logout from the keyboard: the message names the device and takes focus, with the next step.
  await active.getByRole("button", { name: "Logout Firefox 145 on Windows 10" }).focus();
  await page.keyboard.press("Enter");
  const status = page.getByTestId("sessions-status");
  await expect(status).toContainText("Logged out Firefox 145 on Windows 10.");
  await expect(status).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(status.getByRole("link", { name: "Change your password" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/settings\/password$/);
  await expect(page.getByLabel("Current password")).toBeVisible();
  await other.context().close();
});

test("offline during Logout: an inline error with Retry next to the button, not the error page; Retry finishes it", async ({ browser }) => {
  const { member } = await createAccount("offline");
  const page = await signedInPage(browser, member);
  const spare = await insertSession(member.id);
  await page.reload();
  const row = page.getByTestId("active-session").nth(1);
  await page.context().setOffline(true);
  await row.getByRole("button", { name: /^Logout/ }).click();
  const notice = row.getByTestId("retry-notice");
  await expect(notice).toContainText("Couldn't connect. Check your internet connection.");
  await expect(page.getByText("Something went wrong on our side")).toHaveCount(0);
  await expect(page.getByText("This page couldn't be loaded")).toHaveCount(0);
  expect((await sessionRow(spare.id))?.status, "nothing ended").toBe("ACTIVE");

  await page.context().setOffline(false);
  await notice.getByRole("button", { name: "Retry" }).click();
  await expect(page.getByTestId("sessions-status")).toContainText("Logged out Firefox 145 on Windows.");
  await expect(page.getByTestId("active-session")).toHaveCount(1);
  await expect(page.getByTestId("retry-notice")).toHaveCount(0);
  expect((await sessionRow(spare.id))?.status).toBe("TERMINATED");

  // The same hook serves every form: Show Tokens, with the request aborted on the way.
  await page.route("**/settings/sessions", (route) => (route.request().method() === "POST" ? route.abort("internetdisconnected") : route.continue()));
  await page.getByRole("button", { name: "Show Tokens" }).click();
  await expect(page.getByRole("region", { name: "My Active Sessions" }).getByTestId("retry-notice")).toBeVisible();
  await page.unroute("**/settings/sessions");
  await page.getByRole("region", { name: "My Active Sessions" }).getByTestId("retry-notice").getByRole("button", { name: "Retry" }).click();
  await expect(page.getByRole("button", { name: "Hide Tokens" })).toBeVisible();
});

test("switching tabs shows at once that the page is on its way", async ({ browser }) => {
  const { member } = await createAccount("pending");
  const page = await signedInPage(browser, member);
  // Hold the Password page's render until the pending state has been seen.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/settings/password**", async (route) => {
    if (route.request().resourceType() === "fetch" && !route.request().headers()["next-router-prefetch"]) await held;
    await route.continue();
  });
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Password" }).click();
  await expect(page.getByTestId("link-pending")).toBeVisible();
  release();
  await expect(page).toHaveURL(/\/settings\/password$/);
  await expect(page.getByLabel("Current password")).toBeVisible();
  await expect(page.getByTestId("link-pending")).toHaveCount(0);
});

test("history: a terminated row says when it ended, statuses are drawn dots with the article's words", async ({ browser }) => {
  const { member } = await createAccount("ended-words");
  await manySessions(member, 0, 1);
  await db().query(
    `INSERT INTO sessions (id, handle, user_id, status, created_at, last_active_at, expires_at, max_expires_at, browser, os, ip)
     VALUES (substr(md5(random()::text) || md5(random()::text), 1, 32), substr(md5(random()::text), 1, 16), $1, 'ACTIVE',
             now() - interval '9 days', now() - interval '8 days', now() - interval '1 hour', now() + interval '20 days', 'Edge', 'Windows', '81.2.69.142')`,
    [member.id],
  );
  const page = await signedInPage(browser, member);
  const history = page.getByRole("region", { name: "My Session History" });
  const terminated = history.getByTestId("history-session").filter({ has: page.locator('[data-status="TERMINATED"]') });
  const expired = history.getByTestId("history-session").filter({ has: page.locator('[data-status="EXPIRED"]') });
  await expect(terminated.locator("td").last()).toHaveText(/Ended [A-Z][a-z]{2} \d{1,2}, \d{4}/);
  await expect(expired.locator("td").last()).toHaveText(/Expired [A-Z][a-z]{2} \d{1,2}, \d{4}/);

  // The article's words, no emoji; the dot is drawn, in the article's colour for each.
  const badges = page.locator(".status");
  for (const text of await badges.allTextContents()) expect(text).toMatch(/^(Active|Expired|Terminated)$/);
  const dot = (status: string) => page.locator(`[data-status="${status}"].status`).first().evaluate((el) => getComputedStyle(el, "::before").backgroundColor);
  const colours = { ACTIVE: await dot("ACTIVE"), EXPIRED: await dot("EXPIRED"), TERMINATED: await dot("TERMINATED") };
  expect(new Set(Object.values(colours)).size, JSON.stringify(colours)).toBe(3);
  for (const colour of Object.values(colours)) expect(colour).not.toMatch(/^rgba\(0, 0, 0, 0\)$|transparent/);
});
