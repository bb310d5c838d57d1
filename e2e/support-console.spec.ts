import { expect, test, type Page } from "@playwright/test";
import { truncateSessionId } from "../lib/sessions/ids";
import { E2E } from "./env.mjs";
import { apiSignIn, uiSignIn } from "./support/auth";
import { activeSessions, createAccount, createStaff, db, insertSession, sessionRow } from "./support/db";
import { lookAt } from "./support/look";

// The other half of Show Tokens, in real browsers: a user reveals and copies a session ID; a
// Broker Buddha support engineer, in another browser, looks it up and ends it with a note; the
// user's device is turned away on its next request, and once signed in again the user reads
// "Ended by Broker Buddha support" and the note (never the engineer's name). Then the console's
// look in each of its states.

const CHROME_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36";
const NOTE = "You asked us to sign out the laptop you left at the office.";

async function lookUp(page: Page, sessionId: string) {
  await page.getByLabel("Session ID").fill(sessionId);
  await page.getByRole("button", { name: "Look up" }).click();
}

test("a user reads out a session ID; support looks it up and ends it with a note; the user is signed out and told why", async ({ browser }) => {
  const acct = await createAccount("support-flow");
  const member = acct.member;
  const staff = await createStaff("support-flow", "Priya Raman");

  // The user's browser: Show Tokens, then the copy button of this device's row.
  const userContext = await browser.newContext({ userAgent: CHROME_MAC, permissions: ["clipboard-read", "clipboard-write"] });
  const user = await userContext.newPage();
  await uiSignIn(user, member.email, member.password, "/settings/sessions");
  const active = user.getByRole("region", { name: "My Active Sessions" });
  await active.getByRole("button", { name: "Show Tokens" }).click();
  const thisDevice = active.getByTestId("active-session").filter({ hasText: "This device" });
  const revealed = thisDevice.getByTestId("full-session-id");
  await expect(revealed).toBeVisible();
  await thisDevice.getByRole("button", { name: "Copy session ID" }).click();
  await expect(thisDevice.getByRole("button", { name: "Copied" })).toBeVisible();
  const copied = await user.evaluate(() => navigator.clipboard.readText());
  const [current] = await activeSessions(member.id);
  expect(copied).toBe(current!.id);
  expect(await revealed.textContent()).toBe(copied);

  // The support engineer, in another browser, signs in like everyone and lands on the console.
  const staffContext = await browser.newContext();
  const desk = await staffContext.newPage();
  // Under the page's Content-Security-Policy (no eval, no inline script), nothing is refused.
  const refusedByPolicy: string[] = [];
  desk.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) refusedByPolicy.push(message.text());
  });
  await uiSignIn(desk, staff.email, staff.password);
  await expect(desk).toHaveURL(/\/support$/);
  await expect(desk.getByRole("banner")).toContainText("Broker Buddha support");

  await lookUp(desk, `  ${copied}\n`);
  const card = desk.getByTestId("support-session");
  await expect(card).toHaveAttribute("data-status", "ACTIVE");
  for (const text of [acct.accountId, "Milo Marsh", member.email, "User", "Chrome 142 on macOS 10.15", "Desktop", "Local network", copied]) {
    await expect(card).toContainText(text);
  }
  // The ID was posted, never put in the URL.
  expect(desk.url()).not.toContain(copied.slice(0, 8));

  // End it, with a note, after a confirm.
  await card.getByLabel(/^Reason/).fill(NOTE);
  await card.getByRole("button", { name: "End session…" }).click();
  const dialog = desk.getByRole("dialog", { name: "End this session?" });
  await expect(dialog).toContainText("Chrome 142 on macOS 10.15.7 of Milo Marsh");
  await expect(dialog).toContainText(NOTE);
  await dialog.getByRole("button", { name: "End session" }).click();
  await expect(card).toHaveAttribute("data-status", "TERMINATED");
  const howItEnded = card.getByTestId("support-how-it-ended");
  await expect(howItEnded).toContainText("Ended by Broker Buddha support");
  await expect(howItEnded).toContainText("Priya Raman (Broker Buddha support)");
  await expect(howItEnded).toContainText(NOTE);
  await expect(howItEnded).toContainText("Not yet: it will be on its next request");
  expect(await sessionRow(copied)).toMatchObject({ status: "TERMINATED", end_reason: "SUPPORT", ended_by_id: staff.id, end_note: NOTE });

  // The user's device is refused on its next request, and told its session was ended.
  await user.reload();
  await expect(user).toHaveURL(/\/login\?reason=ended/);
  await expect(user.getByRole("status")).toContainText("Your session was ended");
  await expect(user.getByRole("status")).toContainText("Broker Buddha support");

  // The console, asked again, now knows the device was turned away.
  await lookUp(desk, copied);
  await expect(card.getByTestId("support-how-it-ended")).toContainText("Device signed out at");

  // Signed in again, the user reads who ended it (support, not the engineer's name) and why.
  await user.getByLabel("Email").fill(member.email);
  await user.getByLabel("Password").fill(member.password);
  await user.getByRole("button", { name: "Sign in" }).click();
  await expect(user).toHaveURL(/\/settings\/sessions$/);
  const ended = user.getByRole("region", { name: "My Session History" }).getByTestId("history-session").filter({ hasText: truncateSessionId(copied) });
  await expect(ended).toContainText("Terminated");
  await expect(ended).toContainText("Ended by Broker Buddha support");
  await expect(ended.getByTestId("end-note")).toHaveText(`Their note: “${NOTE}”`);
  await expect(ended).toContainText("Device signed out at");
  expect(await user.content()).not.toContain("Priya Raman");
  const api = (await (await user.request.get("/api/sessions")).json()) as { history: { items: { endReason: string; endedBy: unknown; endNote: string }[] } };
  expect(api.history.items.find((s) => s.endReason === "SUPPORT")).toMatchObject({ endedBy: null, endNote: NOTE });
  expect(JSON.stringify(api)).not.toContain("Priya Raman");
  await user.screenshot({ path: test.info().outputPath("user-history-support-note.png"), fullPage: true });

  // And in their security activity: both lookups and the ending, in plain words, the note too.
  const activity = user.getByTestId("security-activity").getByTestId("activity-text");
  await expect(activity.filter({ hasText: "Broker Buddha support looked up the session of Chrome on macOS" })).toHaveCount(2);
  await expect(activity.filter({ hasText: "Broker Buddha support ended the session of Chrome on macOS" })).toContainText(NOTE);
  await expect(user.getByTestId("security-activity")).not.toContainText("Priya Raman");

  // Recorded for the user: two lookups and the ending, by this engineer from their session,
  // naming the session by its handle and its truncated ID only.
  const { rows: events } = await db().query<{ type: string; actor_id: string; actor_session_handle: string; session_handle: string; detail: Record<string, unknown> }>(
    "SELECT type, actor_id, actor_session_handle, session_handle, detail FROM security_events WHERE subject_user_id = $1 AND type::text LIKE 'SUPPORT_%' ORDER BY id",
    [member.id],
  );
  const [staffSession] = await activeSessions(staff.id);
  expect(events.map((e) => e.type)).toEqual(["SUPPORT_LOOKUP", "SUPPORT_ENDED_SESSION", "SUPPORT_LOOKUP"]);
  for (const event of events) {
    expect(event).toMatchObject({ actor_id: staff.id, actor_session_handle: staffSession!.handle, session_handle: current!.handle });
    expect(event.detail).toMatchObject({ device: { browser: "Chrome", os: "macOS", deviceType: "desktop", sessionId: truncateSessionId(copied) } });
  }
  expect(events[1]!.detail).toMatchObject({ endReason: "SUPPORT", note: NOTE });
  expect(JSON.stringify(events)).not.toContain(copied);

  // Staff have Settings too: their own My Sessions and Password, and no Users tab.
  await desk.getByRole("link", { name: "Settings" }).click();
  await expect(desk).toHaveURL(/\/settings\/sessions$/);
  await expect(desk.getByRole("navigation", { name: "Settings" }).getByRole("link")).toHaveText(["Password", "My Sessions"]);
  await expect(desk.getByTestId("active-session")).toHaveCount(1);
  expect(refusedByPolicy).toEqual([]);
  await userContext.close();
  await staffContext.close();
});

test("the support console looks finished: empty, a hit, an ended session, over the limit", async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const { member } = await createAccount("support-look");
  const staff = await createStaff("support-look", "Priya Raman");
  const target = await insertSession(member.id, "24.48.0.1", ["Montreal", "QC", "CA"]);
  const context = await browser.newContext();
  const page = await context.newPage();
  await uiSignIn(page, staff.email, staff.password, "/support");

  await lookAt(page, "support-empty", testInfo, async (p) => {
    await expect(p.getByTestId("lookup-empty")).toBeVisible();
  });
  await lookAt(page, "support-hit", testInfo, async (p) => {
    await lookUp(p, target.id);
    await expect(p.getByTestId("support-session")).toHaveAttribute("data-status", "ACTIVE");
  });
  const api = await apiSignIn(`http://localhost:${E2E.portA}`, staff.email, staff.password);
  const ended = await api.delete(`/api/support/sessions/${target.id}`, { data: { reason: NOTE } });
  expect(ended.status()).toBe(200);
  await lookAt(page, "support-ended", testInfo, async (p) => {
    await lookUp(p, target.id);
    await expect(p.getByTestId("support-how-it-ended")).toContainText(NOTE);
  });
  // Another engineer uses up this minute's 30 lookups through the API: the 31st is refused
  // there (429) and in the console.
  const busy = await createStaff("support-look-busy", "Bea Busy");
  const busyContext = await browser.newContext();
  const busyPage = await busyContext.newPage();
  await uiSignIn(busyPage, busy.email, busy.password, "/support");
  const busyApi = await apiSignIn(`http://localhost:${E2E.portA}`, busy.email, busy.password);
  for (let n = 0; n < 30; n++) expect((await busyApi.get(`/api/support/sessions/${"Yy".repeat(16)}`)).status()).toBe(404);
  const refused = await busyApi.get(`/api/support/sessions/${target.id}`);
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()["retry-after"])).toBeGreaterThanOrEqual(1);
  expect(((await refused.json()) as { error: string }).error).toMatch(/^You have looked up too many sessions in the last minute\. Try again in \d+ seconds?\.$/);
  await lookAt(busyPage, "support-limited", testInfo, async (p) => {
    await lookUp(p, target.id);
    await expect(p.getByTestId("lookup-limited")).toContainText("Try again in");
  });
  await busyApi.dispose();
  await busyContext.close();
  await api.dispose();
  await context.close();
});
