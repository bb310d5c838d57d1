import { readFileSync } from "node:fs";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { SMTPServer } from "smtp-server";
import { E2E, E2E_STATE_FILE } from "./env.mjs";
import { startInstance } from "./support/app-instance.mjs";
import { apiSignIn, uiSignIn } from "./support/auth";
import { createAccount, db } from "./support/db";
import { lookAt } from "./support/look";

// Spotting and stopping an intruder, in a real browser: a sign-in from a new device in a new
// country is badged, the user's other browser is asked "Was this you?", and "No, secure my
// account" ends it and leads to the Password tab; "Wasn't me?" ends the reported session and the
// later ones, not the earlier ones; the alert e-mail reaches a real SMTP server started here.
//
// The client's address comes from X-Forwarded-For, so this file starts an instance of its own
// (on the run's database) that trusts one proxy hop, sends mail to the SMTP server below, and
// touches sessions every second (so a move to another country shows without a minute's wait).

const PORT = Number(process.env.E2E_SIGNALS_PORT ?? E2E.portA + 25);
const SMTP_PORT = PORT + 1;
const BASE = `http://127.0.0.1:${PORT}`;
const BERLIN = "85.214.132.117";
const MONTREAL = "24.48.0.1";
const FRANCE = "2.2.2.2";
const FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:145.0) Gecko/20100101 Firefox/145.0";

type Mail = { to: string[]; raw: string };
const mails: Mail[] = [];
let smtp: SMTPServer;
let instance: Awaited<ReturnType<typeof startInstance>>;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      let raw = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => (raw += chunk));
      stream.on("end", () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(SMTP_PORT, "127.0.0.1", resolve));
  const { databaseUrl } = JSON.parse(readFileSync(E2E_STATE_FILE, "utf8")) as { databaseUrl: string };
  instance = await startInstance({
    port: PORT,
    env: {
      ...E2E.env,
      DATABASE_URL: databaseUrl,
      TRUST_PROXY_HOPS: "1",
      SESSION_TOUCH_INTERVAL_SECONDS: "1",
      SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
      AUTH_URL: BASE,
    },
  });
});

test.afterAll(async () => {
  await instance?.stop();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

/** A browser whose requests come from `ip` (as a proxy in front of the app would say). */
async function browserFrom(browser: Browser, ip: string, userAgent?: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: BASE, extraHTTPHeaders: { "x-forwarded-for": ip }, ...(userAgent ? { userAgent } : {}) });
  return { context, page: await context.newPage() };
}

async function sessionsOf(userId: string) {
  const { rows } = await db().query<{ id: string; status: string; end_reason: string | null; browser: string | null; country: string | null; new_device: boolean; new_location: boolean }>(
    "SELECT id, status, end_reason, browser, country, new_device, new_location FROM sessions WHERE user_id = $1 ORDER BY created_at",
    [userId],
  );
  return rows;
}

/** A message's text with its quoted-printable soft breaks and bytes decoded. */
function mailText(raw: string): string {
  return raw.replace(/=\r\n/g, "").replace(/(=[0-9A-F]{2})+/g, (run) => Buffer.from(run.replace(/=/g, ""), "hex").toString("utf8"));
}

test("a sign-in from a new device in a new country: badged, e-mailed, asked about elsewhere; No ends it and leads to Password", async ({ browser }, testInfo) => {
  test.setTimeout(240_000);
  const { member } = await createAccount("signals");
  const home = await browserFrom(browser, BERLIN);
  await uiSignIn(home.page, member.email, member.password, "/settings/sessions");

  const intruder = await browserFrom(browser, MONTREAL, FIREFOX_WINDOWS);
  await uiSignIn(intruder.page, member.email, member.password, "/settings/sessions");
  const [first, second] = await sessionsOf(member.id);
  expect(first).toMatchObject({ country: "DE", new_device: false, new_location: false });
  expect(second).toMatchObject({ browser: "Firefox", country: "CA", new_device: true, new_location: true });

  // The new session's own row wears the badges; each explains itself on hover and on focus.
  await intruder.page.goto("/settings/sessions");
  const row = intruder.page.getByTestId("active-session").filter({ hasText: "Firefox" });
  const badge = row.getByRole("button", { name: "New location" });
  await expect(row.getByRole("button", { name: "New device" })).toBeVisible();
  await badge.hover();
  await expect(intruder.page.getByRole("tooltip")).toHaveText("You had not signed in from Montreal, Canada in the 90 days before this sign-in.");
  await intruder.page.mouse.move(0, 0);
  await expect(intruder.page.getByRole("tooltip")).toBeHidden();
  await badge.focus();
  await expect(intruder.page.getByRole("tooltip")).toBeVisible();
  await expect(badge).toHaveAccessibleDescription("You had not signed in from Montreal, Canada in the 90 days before this sign-in.");
  await intruder.page.keyboard.press("Escape");
  await expect(intruder.page.getByRole("tooltip")).toBeHidden();
  const api = (await (await intruder.context.request.get("/api/sessions")).json()) as { active: { current: boolean; flags: string[] }[] };
  expect(api.active.find((s) => s.current)!.flags).toEqual(["new_device", "new_location"]);

  // The e-mail: the facts, a link to My Sessions, never the session's ID.
  await expect.poll(() => mails.filter((m) => m.to.includes(member.email)).length, { timeout: 15_000 }).toBe(1);
  const mail = mailText(mails.find((m) => m.to.includes(member.email))!.raw);
  expect(mail).toContain("New sign-in: Firefox on Windows · Montreal, Canada · ");
  expect(mail).toContain(`${BASE}/settings/sessions`);
  expect(mail).not.toContain(second!.id);

  // The other browser is asked on its next page view.
  await home.page.goto("/settings/sessions");
  const banner = home.page.getByTestId("new-sign-in");
  await expect(banner).toContainText(/New sign-in: Firefox on Windows · Montreal, Canada · (just now|\d+ minutes? ago)\. Was this you\?/);
  await lookAt(home.page, "signals-banner", testInfo);

  await banner.getByRole("button", { name: "No, secure my account" }).click();
  const dialog = home.page.getByRole("dialog", { name: "Secure your account?" });
  await expect(dialog).toContainText("This ends the session on Firefox on Windows (Montreal, Canada). That device is signed out on its next request. You stay signed in here.");
  await dialog.getByRole("button", { name: "End sessions and change password" }).click();
  await home.page.waitForURL(/\/settings\/password\?reported=1$/);
  await expect(home.page.getByTestId("secure-account")).toContainText("You reported that sign-in and ended 1 session");
  await expect(home.page.getByLabel("Sign out all other sessions")).toBeChecked();
  await lookAt(home.page, "signals-password", testInfo);

  expect((await sessionsOf(member.id)).map((s) => [s.status, s.end_reason])).toEqual([
    ["ACTIVE", null],
    ["TERMINATED", "REPORTED"],
  ]);
  await intruder.page.goto("/settings/sessions");
  await expect(intruder.page).toHaveURL(/\/login/);

  // History says why, with the badges kept.
  await home.page.goto("/settings/sessions");
  await expect(home.page.getByTestId("new-sign-in")).toHaveCount(0);
  const ended = home.page.getByTestId("history-session").filter({ hasText: "Firefox" });
  await expect(ended).toContainText("You reported this sign-in");
  await expect(ended.getByRole("button", { name: "New device" })).toBeVisible();
  await home.context.close();
  await intruder.context.close();
});

test("Yes, it was me: the banner goes away on every device", async ({ browser }) => {
  const { member } = await createAccount("signals-yes");
  const laptop = await browserFrom(browser, BERLIN);
  await uiSignIn(laptop.page, member.email, member.password, "/settings/sessions");
  const desktop = await browserFrom(browser, BERLIN);
  await uiSignIn(desktop.page, member.email, member.password, "/settings/sessions");
  const travel = await browserFrom(browser, MONTREAL);
  await uiSignIn(travel.page, member.email, member.password, "/settings/sessions");

  // The laptop has had My Sessions open since before that sign-in. Moving to another tab, with no
  // full page load (the window's own marker survives it), asks about it.
  await laptop.page.evaluate(() => ((window as { stayed?: boolean }).stayed = true));
  await laptop.page.getByRole("link", { name: "Password", exact: true }).click();
  await expect(laptop.page).toHaveURL(/\/settings\/password$/);
  await expect(laptop.page.getByTestId("new-sign-in")).toContainText("Montreal, Canada");
  expect(await laptop.page.evaluate(() => (window as { stayed?: boolean }).stayed)).toBe(true);
  await laptop.page.getByRole("button", { name: "Yes", exact: true }).click();
  // Answered: the settings pages re-render without it, and its thanks take the focus the Yes
  // button had, so a keyboard or screen reader user hears what happened and stays in place.
  await expect(laptop.page.getByTestId("new-sign-in")).toHaveCount(0);
  const thanks = laptop.page.getByRole("status").filter({ hasText: "Thanks. We won't ask about that sign-in again." });
  await expect(thanks).toBeVisible();
  await expect(thanks).toBeFocused();
  await laptop.page.screenshot({ path: test.info().outputPath("new-sign-in-confirmed.png") });
  // The thanks are for this answer: the next page says nothing.
  await laptop.page.goto("/settings/sessions");
  await expect(laptop.page.getByTestId("new-sign-in-confirmed")).toHaveCount(0);
  await desktop.page.goto("/settings/sessions");
  await expect(desktop.page.getByRole("heading", { name: "My Active Sessions" })).toBeVisible();
  await expect(desktop.page.getByTestId("new-sign-in")).toHaveCount(0);
  expect((await sessionsOf(member.id)).every((s) => s.status === "ACTIVE")).toBe(true);
  for (const b of [laptop, desktop, travel]) await b.context.close();
});

test("Wasn't me? ends the reported session and the later ones, not the earlier ones or this one", async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const { member } = await createAccount("signals-report");
  const earlier = await apiSignIn(BASE, member.email, member.password);
  const here = await browserFrom(browser, BERLIN);
  await uiSignIn(here.page, member.email, member.password, "/settings/sessions");
  const reported = await apiSignIn(BASE, member.email, member.password);
  const later = await apiSignIn(BASE, member.email, member.password);
  const [earlierId, hereId, reportedId, laterId] = (await sessionsOf(member.id)).map((s) => s.id);

  await here.page.goto("/settings/sessions");
  const rows = here.page.getByTestId("active-session");
  await expect(rows).toHaveCount(4);
  // Not on this device's own row.
  await expect(here.page.locator("[data-current]").getByRole("button", { name: "Wasn't me?" })).toHaveCount(0);
  // Which row is which: the API lists the same order as the page.
  const order = ((await (await here.context.request.get("/api/sessions")).json()) as { active: { id: string }[] }).active.map((s) => s.id);
  const reportedRow = rows.nth(order.indexOf(reportedId!));
  await reportedRow.getByRole("button", { name: "Wasn't me?" }).click();
  const dialog = here.page.getByRole("dialog", { name: "Secure your account?" });
  await expect(dialog).toContainText("and the session that started after it");
  await here.page.screenshot({ path: testInfo.outputPath("signals-wasnt-me-dialog-1280.png") });
  await here.page.setViewportSize({ width: 390, height: 844 });
  await here.page.screenshot({ path: testInfo.outputPath("signals-wasnt-me-dialog-390.png") });
  await dialog.getByRole("button", { name: "End sessions and change password" }).click();
  await here.page.waitForURL(/\/settings\/password\?reported=2$/);

  const after = new Map((await sessionsOf(member.id)).map((s) => [s.id, [s.status, s.end_reason]]));
  expect(after.get(earlierId!)).toEqual(["ACTIVE", null]);
  expect(after.get(hereId!)).toEqual(["ACTIVE", null]);
  expect(after.get(reportedId!)).toEqual(["TERMINATED", "REPORTED"]);
  expect(after.get(laterId!)).toEqual(["TERMINATED", "REPORTED"]);
  expect((await earlier.get("/api/sessions")).status()).toBe(200);
  expect((await reported.get("/api/sessions")).status()).toBe(401);
  expect((await later.get("/api/sessions")).status()).toBe(401);

  for (const ctx of [earlier, reported, later]) await ctx.dispose();
  await here.context.close();
});

test("POST /api/sessions/{id}/report for scripts: JSON, and 404 for the session in use, anyone else's or a malformed id", async () => {
  const { member, owner } = await createAccount("signals-api");
  const script = await apiSignIn(BASE, member.email, member.password);
  const other = await apiSignIn(BASE, member.email, member.password);
  const ownerCtx = await apiSignIn(BASE, owner.email, owner.password);
  const body = (await (await script.get("/api/sessions")).json()) as { active: { id: string; current: boolean }[] };
  const current = body.active.find((s) => s.current)!.id;
  const otherId = body.active.find((s) => !s.current)!.id;
  const ownerId = ((await (await ownerCtx.get("/api/sessions")).json()) as { active: { id: string }[] }).active[0]!.id;

  for (const id of [current, ownerId, "not-a-session-id", "A".repeat(32)]) {
    const res = await script.post(`/api/sessions/${id}/report`);
    expect(res.status(), id.slice(0, 6)).toBe(404);
    expect(await res.json()).toEqual({ error: "Session not found." });
  }
  const res = await script.post(`/api/sessions/${otherId}/report`);
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ id: otherId, endReason: "REPORTED", endedSessions: 1 });
  expect((await other.get("/api/sessions")).status()).toBe(401);
  expect((await ownerCtx.get("/api/sessions")).status()).toBe(200);
  const single = (await (await script.get(`/api/sessions/${otherId}`)).json()) as { status: string; endReason: string };
  expect(single).toMatchObject({ status: "TERMINATED", endReason: "REPORTED" });
  for (const ctx of [script, other, ownerCtx]) await ctx.dispose();
});

test("the gate records the latest address and flags a session used from another country", async ({ browser }) => {
  const { member } = await createAccount("signals-moved");
  const laptop = await browserFrom(browser, BERLIN);
  await uiSignIn(laptop.page, member.email, member.password, "/settings/sessions");
  const state = await laptop.context.storageState();
  await laptop.context.close();
  // The same browser, now seen from France: its next touch (every second here) records that.
  const abroad = await browser.newContext({ baseURL: BASE, storageState: state, extraHTTPHeaders: { "x-forwarded-for": FRANCE } });
  const page = await abroad.newPage();
  await expect
    .poll(
      async () => {
        await page.goto("/settings/sessions");
        return page.locator("[data-current]").getByRole("button", { name: "Location changed" }).count();
      },
      { timeout: 15_000 },
    )
    .toBe(1);
  await page.locator("[data-current]").getByRole("button", { name: "Location changed" }).hover();
  await expect(page.getByRole("tooltip")).toContainText(`Signed in from Berlin, Germany, this session was later used from another country. Latest: France (${FRANCE}).`);
  const api = (await (await abroad.request.get("/api/sessions")).json()) as { active: { current: boolean; flags: string[] }[] };
  expect(api.active.find((s) => s.current)!.flags).toContain("location_changed");
  await abroad.close();
});
