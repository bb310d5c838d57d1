import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { E2E } from "./env.mjs";
import { activeSessions, createAccount, createUser, db, insertSession, sessionRow, snapshotSessions, type TestUser } from "./support/db";
import { uiSignIn } from "./support/auth";
import { lookAt } from "./support/look";

// Users tab and an Account Owner's control over members' sessions, in a real browser. Every test
// makes its own account, so none depends on another's leftovers or order.

const truncated = (id: string) => `${id.slice(0, 6)}…${id.slice(-4)}`;

async function signedInPage(browser: Browser, user: TestUser): Promise<Page> {
  const context = await browser.newContext({ baseURL: `http://localhost:${E2E.portA}` });
  const page = await context.newPage();
  await uiSignIn(page, user.email, user.password);
  return page;
}

test("the Users tab lists members; only an Account Owner can open a member's sessions", async ({ browser }) => {
  const acct = await createAccount("users");
  await insertSession(acct.member.id);
  await insertSession(acct.member.id, "24.48.0.1");

  const owner = await signedInPage(browser, acct.owner);
  await owner.goto("/settings");
  await expect(owner).toHaveURL(/\/settings\/users$/);
  const table = owner.getByRole("table");
  for (const u of [acct.owner, acct.billing, acct.member]) {
    const row = table.getByRole("row").filter({ hasText: u.email });
    await expect(row).toContainText(u.name);
  }
  const memberRow = table.getByRole("row").filter({ hasText: acct.member.email });
  await expect(memberRow).toContainText("User");
  await expect(memberRow).toContainText("2 active");
  await expect(table.getByRole("row").filter({ hasText: acct.billing.email })).toContainText("Billing Manager");
  await expect(table.getByRole("row").filter({ hasText: acct.owner.email })).toContainText("Account Owner");
  await memberRow.getByRole("link", { name: `Manage sessions of ${acct.member.name}` }).click();
  await expect(owner).toHaveURL(new RegExp(`/settings/users/${acct.member.id}$`));
  await expect(owner.getByRole("heading", { name: acct.member.name })).toBeVisible();

  await expect(table.getByRole("columnheader", { name: "Last active" })).toBeVisible();

  for (const reader of [acct.billing, acct.member]) {
    const page = await signedInPage(browser, reader);
    await page.goto("/settings/users");
    await expect(page.getByRole("table").getByRole("row").filter({ hasText: acct.owner.email })).toBeVisible();
    // Names, e-mail addresses and roles only: colleagues' sessions and last activity are the
    // Account Owner's business, and are not even in the page's data.
    for (const column of ["Active sessions", "Last active"]) await expect(page.getByRole("columnheader", { name: column })).toHaveCount(0);
    const html = await page.content();
    for (const text of ["2 active", "activeSessions", "lastActiveAt", "Not signed in"]) expect(html, `${reader.role} sees ${text}`).not.toContain(text);
    await expect(page.getByRole("link", { name: /Manage sessions/ })).toHaveCount(0);
    await expect(page.getByText("Only an Account Owner can manage")).toBeVisible();
    const direct = await page.goto(`/settings/users/${acct.member.id}`);
    expect(direct?.status(), `${reader.role} opening a member's sessions`).toBe(404);
    await expect(page.getByRole("heading", { name: "Member not found" })).toBeVisible();
    await page.context().close();
  }
  await owner.context().close();
});

test("an Account Owner gets 404 for another account's member and for made-up or malformed ids", async ({ browser }) => {
  const acct = await createAccount("reach");
  const other = await createAccount("reach-other");
  const owner = await signedInPage(browser, acct.owner);
  for (const id of [other.member.id, other.owner.id, "usr_doesnotexist0000000000000000", "..%2F..%2Fetc", "a".repeat(65), "%00", "usr%20x"]) {
    const res = await owner.goto(`/settings/users/${id}`);
    expect(res?.status(), `/settings/users/${id}`).toBe(404);
  }
  // The owner's own row leads to My Sessions, never to a page that could end this very device.
  await owner.goto(`/settings/users/${acct.owner.id}`);
  await expect(owner).toHaveURL(/\/settings\/sessions$/);
  await owner.context().close();
});

test("an Account Owner ends a member's session; the member is refused and sees who ended it", async ({ browser }) => {
  const acct = await createAccount("end-one");
  const memberPage = await signedInPage(browser, acct.member);
  const [memberSession] = await activeSessions(acct.member.id);
  expect(memberSession).toBeTruthy();
  const spare = await insertSession(acct.member.id);

  const owner = await signedInPage(browser, acct.owner);
  await owner.goto(`/settings/users/${acct.member.id}`);
  const html = await owner.content();
  expect(html, "full session IDs never reach the owner's page").not.toContain(memberSession!.id);
  expect(html).not.toContain(spare.id);
  const row = owner.getByTestId("member-session-row").filter({ hasText: truncated(memberSession!.id) });
  await expect(row).toHaveCount(1);
  // "End session" asks first (Cancel changes nothing), then ends it and says so.
  const endButton = row.getByRole("button", { name: /^End session/ });
  await endButton.click();
  const confirm = owner.getByRole("dialog", { name: new RegExp(`^End ${acct.member.name}'s session on \\S.*\\?$`) });
  await expect(confirm).toContainText("Terminated by an Account Owner");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(endButton).toBeFocused();
  expect((await sessionRow(memberSession!.id))?.status).toBe("ACTIVE");
  await endButton.click();
  await confirm.getByRole("button", { name: "End session" }).click();
  const said = owner.getByTestId("member-sessions-status");
  await expect(said).toContainText(/^Ended the session on \S.*\. That device will be signed out on its next request\.$/);
  await expect(said).toBeFocused();
  await expect(owner.getByTestId("member-session-row").filter({ hasText: truncated(memberSession!.id) })).toHaveCount(0);
  const historyRow = owner.getByTestId("member-history-row").filter({ hasText: truncated(memberSession!.id) });
  await expect(historyRow).toContainText("Terminated");
  await expect(historyRow).toContainText(`Terminated by an Account Owner (${acct.owner.name})`);
  await expect(historyRow).toContainText("Device will be signed out on its next request");

  const ended = await sessionRow(memberSession!.id);
  expect(ended).toMatchObject({ status: "TERMINATED", end_reason: "ACCOUNT_OWNER", ended_by_id: acct.owner.id });
  expect((await sessionRow(spare.id))?.status, "the other session is untouched").toBe("ACTIVE");

  // The member's browser is refused on its very next navigation, on the other instance too.
  await memberPage.goto(`http://localhost:${E2E.portB}/settings/users`);
  await expect(memberPage).toHaveURL(/\/login\?.*reason=ended/);
  await expect(memberPage.getByRole("status")).toContainText("Your session was ended");

  // Signed in again, the member sees that session in My Session History as Terminated by the owner.
  await uiSignIn(memberPage, acct.member.email, acct.member.password, "/settings/sessions");
  const sessionsPage = await memberPage.request.get(`http://localhost:${E2E.portB}/settings/sessions`);
  if (sessionsPage.status() === 200 && (await sessionsPage.text()).includes("My Session History")) {
    await memberPage.goto(`http://localhost:${E2E.portB}/settings/sessions`);
    const item = memberPage.getByTestId("history-session").filter({ hasText: truncated(memberSession!.id) });
    await expect(item).toContainText("Terminated");
    await expect(item).toContainText(acct.owner.name);
  } else {
    test.info().annotations.push({ type: "note", description: "My Sessions page not built yet: checked GET /api/sessions instead" });
  }
  const api = await memberPage.request.get(`http://localhost:${E2E.portB}/api/sessions`);
  expect(api.status()).toBe(200);
  const body = (await api.json()) as { history: { items: { id: string; status: string; endReason: string; endedBy: { name: string; role: string } | null; deviceSignedOutAt: string | null }[] } };
  const item = body.history.items.find((i) => i.id === memberSession!.id);
  expect(item).toMatchObject({ status: "TERMINATED", endReason: "ACCOUNT_OWNER", endedBy: { name: acct.owner.name, role: "ACCOUNT_OWNER" } });
  expect(item?.deviceSignedOutAt, "the refusal of the member's device is recorded").toBeTruthy();

  // The owner's view now says when the device was signed out.
  await owner.reload();
  await expect(owner.getByTestId("member-history-row").filter({ hasText: truncated(memberSession!.id) })).toContainText("Device signed out");
  await memberPage.context().close();
  await owner.context().close();
});

test("End all sessions asks first, returns focus on cancel, then ends every session of the member", async ({ browser }) => {
  const acct = await createAccount("end-all");
  const a = await insertSession(acct.member.id);
  const b = await insertSession(acct.member.id, "24.48.0.1");
  const bystander = await createUser(acct.accountId, "USER", `bystander-${Date.now()}`, "Bo Stander");
  const untouched = await insertSession(bystander.id);
  const before = await snapshotSessions([acct.member.id, bystander.id]);

  const owner = await signedInPage(browser, acct.owner);
  await owner.goto(`/settings/users/${acct.member.id}`);
  const trigger = owner.getByRole("button", { name: "End all sessions" });
  await trigger.click();
  const dialog = owner.getByRole("dialog", { name: `End all of ${acct.member.name}'s sessions?` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await owner.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(trigger).toBeFocused();
  expect(await snapshotSessions([acct.member.id, bystander.id]), "cancel changes nothing").toEqual(before);

  await trigger.click();
  await dialog.getByRole("button", { name: "End all 2 sessions" }).click();
  await expect(owner.getByRole("status").filter({ hasText: "Ended 2 sessions" })).toBeVisible();
  await expect(owner.getByText("No active sessions. Nobody is signed in as this member.")).toBeVisible();
  for (const s of [a, b]) {
    expect(await sessionRow(s.id)).toMatchObject({ status: "TERMINATED", end_reason: "ACCOUNT_OWNER", ended_by_id: acct.owner.id });
  }
  expect((await sessionRow(untouched.id))?.status).toBe("ACTIVE");
  await owner.context().close();
});

test("the Users pages read well at 1280px and 390px, light and dark, and pass axe", async ({ browser }, testInfo) => {
  test.setTimeout(240_000);
  const acct = await createAccount("look");
  await insertSession(acct.member.id);
  await insertSession(acct.member.id, "24.48.0.1", ["Toronto", "ON", "CA"]);
  const ended = await insertSession(acct.member.id, "85.214.132.117", ["Berlin", "BE", "DE"]);
  await db().query(
    "UPDATE sessions SET status = 'TERMINATED', end_reason = 'ACCOUNT_OWNER', ended_by_id = $2, ended_at = now() - interval '20 minutes', browser = 'Safari', browser_version = '18', os = 'iOS', device_type = 'mobile' WHERE id = $1",
    [ended.id, acct.owner.id],
  );
  const owner = await signedInPage(browser, acct.owner);
  await owner.goto("/settings/users");
  await lookAt(owner, "users-owner", testInfo);
  await owner.goto(`/settings/users/${acct.member.id}`);
  await lookAt(owner, "member-sessions", testInfo);
  await owner.setViewportSize({ width: 390, height: 844 });
  await owner.getByRole("button", { name: "End all sessions" }).click();
  await owner.screenshot({ path: testInfo.outputPath("member-sessions-confirm-390-dark.png") });
  const { violations } = await new AxeBuilder({ page: owner }).analyze();
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  const member = await signedInPage(browser, acct.member);
  await member.goto("/settings/users");
  await lookAt(member, "users-member", testInfo);
  await owner.context().close();
  await member.context().close();
});
