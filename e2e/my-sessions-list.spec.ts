import { expect, test } from "@playwright/test";
import { createAccount, db, type TestUser } from "./support/db";
import { uiSignIn } from "./support/auth";

// A list that stays readable: a user with many sessions.

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

test("a user with 23 active sessions: HTML size and page height", async ({ browser }) => {
  const { member } = await createAccount("many");
  await manySessions(member, 21, 20);
  const context = await browser.newContext();
  const page = await context.newPage();
  await uiSignIn(page, member.email, member.password, "/settings/sessions");
  // 22 active (this browser and 21 others) + 20 history rows.
  const html = await (await page.request.get("/settings/sessions")).text();
  const heights: Record<number, number> = {};
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.goto("/settings/sessions");
    heights[width] = await page.evaluate(() => document.documentElement.scrollHeight);
  }
  console.log(`[measure] My Sessions, 22 active + 20 history: HTML ${html.length} bytes (${(html.length / 1024).toFixed(1)} kB); page height ${heights[1280]} px at 1280, ${heights[390]} px at 390`);
  expect(html.length).toBeLessThan(150 * 1024);
  await context.close();
});
