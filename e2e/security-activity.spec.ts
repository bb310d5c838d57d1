import { readFileSync } from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { E2E } from "./env.mjs";
import { uiSignIn } from "./support/auth";
import { createAccount, createUser, db, type TestUser } from "./support/db";
import { lookAt } from "./support/look";
import { loopbackAddress, rawSignIn, signedIn } from "./support/raw-http";

// Security activity in real browsers: what a member's own card says after they sign in on two
// devices, someone guesses their password, they log out the other device and reveal their
// session IDs; the same through GET /api/security-events; and their Account Owner's Activity
// tab, filtered by member, with the CSV download read back. Both pages are looked at.

const FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:145.0) Gecko/20100101 Firefox/145.0";
const CHROME_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36";

async function signedInPage(browser: Browser, user: TestUser, userAgent?: string): Promise<Page> {
  const context = await browser.newContext({ userAgent, acceptDownloads: true });
  const page = await context.newPage();
  await uiSignIn(page, user.email, user.password);
  return page;
}

const truncated = (id: string) => `${id.slice(0, 6)}…${id.slice(-4)}`;

/** Older events for the member, straight into the table, so the card has a second page. */
async function plantOlderEvents(user: TestUser, count: number) {
  await db().query(
    `INSERT INTO security_events (type, at, subject_user_id, account_id, ip, detail)
     SELECT 'SIGN_IN_FAILED', now() - make_interval(days => n), $1, $2, '198.51.100.' || n, '{}'::jsonb FROM generate_series(1, $3) AS n`,
    [user.id, user.accountId, count],
  );
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(cell), (cell = "");
    else if (c === "\r" && text[i + 1] === "\n") row.push(cell), rows.push(row), (row = []), (cell = ""), i++;
    else cell += c;
  }
  return rows;
}

test("a member's security activity, the API, and their Account Owner's Activity tab with its CSV", async ({ browser }, testInfo) => {
  test.setTimeout(240_000);
  const acct = await createAccount("activity");
  const { owner, member } = acct;
  // A member whose name a spreadsheet would run as a formula.
  const formula = await createUser(acct.accountId, "USER", `activity-formula-${Date.now()}`, '=HYPERLINK("http://evil.example","x")');

  const laptop = await signedInPage(browser, member, CHROME_MAC);
  const other = await signedInPage(browser, member, FIREFOX_WINDOWS);
  const guesser = loopbackAddress();
  expect(signedIn(await rawSignIn(E2E.portA, guesser, member.email, "not the password"))).toBe(false);
  expect(signedIn(await rawSignIn(E2E.portB, guesser, formula.email, "not theirs either"))).toBe(false);

  // The third card of My Sessions, below the history; My Sessions is still the last tab.
  await laptop.goto("/settings/sessions");
  // (A selector list matches in document order.)
  await expect(laptop.locator("#active-heading, #history-heading, #activity-heading")).toHaveText(["My Active Sessions", "My Session History", "Recent security activity"]);
  await expect(laptop.getByRole("navigation", { name: "Settings" }).getByRole("link").last()).toHaveText("My Sessions");
  const card = laptop.getByRole("region", { name: "Recent security activity" });
  const items = card.getByTestId("activity-event");
  await expect(items).toHaveCount(3);
  await expect(items.nth(0)).toContainText(`Someone tried to sign in to your account with a wrong password (from ${guesser})`);
  await expect(items.nth(1)).toContainText("You signed in on Firefox on Windows · Local network");
  await expect(items.nth(2)).toContainText("You signed in on Chrome on macOS · Local network");
  await expect(items.nth(0)).toContainText(guesser);
  // When: relative, the exact time on hover.
  const when = items.nth(0).locator("time");
  await expect(when).toHaveText("Just now");
  await expect(when).toHaveAttribute("title", /\d{1,2}:\d{2}/);

  // Logout of the other device, then Show Tokens: each appears at the top without a reload.
  const active = laptop.getByRole("region", { name: "My Active Sessions" });
  await active.getByTestId("active-session").nth(1).getByRole("button", { name: /^Logout/ }).click();
  await expect(laptop.getByTestId("sessions-status")).toContainText("Logged out Firefox");
  await expect(items.first()).toContainText("You logged out your session on Firefox on Windows from another device");
  await active.getByRole("button", { name: "Show Tokens" }).click();
  await expect(active.getByRole("button", { name: "Hide Tokens" })).toBeVisible();
  await expect(items.first()).toContainText("You revealed 2 session IDs on Chrome on macOS");
  await expect(items).toHaveCount(5);
  await other.goto("/settings/sessions");
  await expect(other).toHaveURL(/\/login\?reason=ended/);

  // No session ID, full or truncated, in the card's HTML or the API.
  const ids = (await db().query<{ id: string }>("SELECT id FROM sessions WHERE user_id = $1", [member.id])).rows.map((r) => r.id);
  expect(ids).toHaveLength(2);
  const html = await card.innerHTML();
  const api = await laptop.request.get("/api/security-events?page=1");
  expect(api.status()).toBe(200);
  const apiText = await api.text();
  for (const id of ids) for (const text of [html, apiText]) expect(text).not.toContain(truncated(id).slice(0, 6));
  const body = JSON.parse(apiText) as { items: Record<string, unknown>[]; total: number; page: number; pageSize: number; pageCount: number };
  expect(body).toMatchObject({ total: 5, page: 1, pageSize: 10, pageCount: 1 });
  expect(Object.keys(body.items[0]!).sort()).toEqual(["at", "device", "ip", "text", "type"]);
  expect(body.items.map((i) => i.text)).toEqual(await card.getByTestId("activity-text").allTextContents());
  expect(body.items.map((i) => i.type)).toEqual(["TOKENS_REVEALED", "SESSION_ENDED", "SIGN_IN_FAILED", "SIGN_IN", "SIGN_IN"]);
  expect(body.items[3]).toMatchObject({ text: "You signed in on Firefox on Windows · Local network", device: { browser: "Firefox", os: "Windows", deviceType: "desktop", location: "Local network" } });
  for (const page of ["0", "-1", "abc", "1.5", "999999999"]) {
    const bad = await laptop.request.get(`/api/security-events?page=${page}`);
    expect(bad.status(), `page=${page}`).toBe(400);
  }

  // A second page of activity, paged on its own query parameter: history keeps its place.
  await plantOlderEvents(member, 8);
  await laptop.goto("/settings/sessions");
  await expect(items).toHaveCount(10);
  await expect(card).toContainText("Showing 1–10 of 13");
  await card.getByRole("link", { name: "Next" }).click();
  await expect(laptop).toHaveURL(/\/settings\/sessions\?activity=2$/);
  await expect(items).toHaveCount(3);
  await expect(laptop.getByRole("region", { name: "My Session History" }).getByTestId("history-session")).toHaveCount(1);
  await laptop.goto("/settings/sessions?page=2&activity=2");
  // History has one page: page 2 lands on it, and activity keeps its place.
  await expect(laptop).toHaveURL(/\/settings\/sessions\?activity=2$/);
  await expect(laptop.getByRole("region", { name: "My Session History" }).getByTestId("history-session")).toHaveCount(1);
  await expect(items).toHaveCount(3);
  expect((await laptop.request.get("/api/security-events?page=2")).status()).toBe(200);

  // The Account Owner: an Activity tab before My Sessions, every member's events in their words.
  const boss = await signedInPage(browser, owner, CHROME_MAC);
  await boss.goto("/settings/users");
  const tabs = boss.getByRole("navigation", { name: "Settings" }).getByRole("link");
  await expect(tabs).toHaveText(["Users", "Password", "Activity", "My Sessions"]);
  await tabs.filter({ hasText: "Activity" }).click();
  await expect(boss).toHaveURL(/\/settings\/activity$/);
  const log = boss.getByRole("region", { name: "Account activity" });
  await expect(log).toContainText(`Someone tried to sign in to ${member.name}'s account with a wrong password (from ${guesser})`);
  await expect(log).toContainText(`${member.name} logged out their session on Firefox on Windows from another device`);
  await expect(log).toContainText("You signed in on Chrome on macOS · Local network");

  // Filtered by one member (a plain GET form).
  await log.getByLabel("Member").selectOption({ value: member.id });
  await log.getByRole("button", { name: "Show" }).click();
  await expect(boss).toHaveURL(new RegExp(`/settings/activity\\?member=${member.id}$`));
  const rows = log.getByTestId("activity-event");
  await expect(rows.first()).toContainText(`${member.name} revealed 2 session IDs on Chrome on macOS`);
  const names = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelectorAll("td")[1]?.textContent ?? ""));
  expect(names.length).toBeGreaterThan(5);
  for (const name of names) expect(name).toContain(member.email);

  // The CSV of that member: every row theirs, no session ID.
  const [download] = await Promise.all([boss.waitForEvent("download"), log.getByRole("link", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^security-activity-\d{4}-\d{2}-\d{2}\.csv$/);
  const csvText = readFileSync((await download.path())!, "utf8");
  for (const id of ids) expect(csvText).not.toContain(truncated(id).slice(0, 6));
  const [header, ...lines] = parseCsv(csvText.replace(/^\uFEFF/, ""));
  expect(header).toEqual(["Time (UTC)", "Member", "Email", "Event", "What happened", "IP address", "Browser", "OS", "Device type", "Location"]);
  expect(lines).toHaveLength(13);
  for (const line of lines) expect(line[2]).toBe(member.email);
  expect(lines.map((l) => l[4])).toContain(`Someone tried to sign in to ${member.name}'s account with a wrong password (from ${guesser})`);

  // Everyone's CSV: the formula in a member's name is neutralised.
  await boss.goto("/settings/activity");
  const [all] = await Promise.all([boss.waitForEvent("download"), log.getByRole("link", { name: "Download CSV" }).click()]);
  const everyone = parseCsv(readFileSync((await all.path())!, "utf8").replace(/^\uFEFF/, "")).slice(1);
  const formulaRows = everyone.filter((l) => l[2] === formula.email);
  expect(formulaRows).toHaveLength(1);
  expect(formulaRows[0]![1]).toBe(`'${formula.name}`);
  expect(new Set(everyone.map((l) => l[2]))).toEqual(new Set([owner.email, member.email, formula.email]));

  await lookAt(boss, "account-activity", testInfo);
  await laptop.goto("/settings/sessions");
  await lookAt(laptop, "my-sessions-activity", testInfo);
  for (const page of [laptop, other, boss]) await page.context().close();
});
