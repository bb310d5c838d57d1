import { expect, test, type Browser } from "@playwright/test";
import { E2E } from "./env.mjs";
import { activeSessions, createAccount, db, insertSession, sessionRow, type TestUser } from "./support/db";
import { uiSignIn } from "./support/auth";
import { lookAt } from "./support/look";
import { loopbackAddress, rawSignIn, signedIn } from "./support/raw-http";

// The Password tab: strength rules checked on the server, per-field errors, and "Sign out all
// other sessions" with two real browser contexts. Every test uses a user of its own.

async function browserFor(browser: Browser, user: TestUser) {
  const context = await browser.newContext({ baseURL: `http://localhost:${E2E.portA}` });
  const page = await context.newPage();
  await uiSignIn(page, user.email, user.password);
  return page;
}

async function passwordHash(userId: string) {
  const { rows } = await db().query<{ password_hash: string; password_changed_at: Date }>("SELECT password_hash, password_changed_at FROM users WHERE id = $1", [userId]);
  return rows[0]!;
}

test("the server checks every rule and shows an error next to the field", async ({ browser }) => {
  const { member } = await createAccount("pw-rules");
  const page = await browserFor(browser, member);
  const before = await passwordHash(member.id);
  await page.goto("/settings/password");
  const current = page.getByLabel("Current password");
  const next = page.getByLabel("New password", { exact: true });
  const confirm = page.getByLabel("Confirm new password");
  const submit = page.getByRole("button", { name: "Change password" });

  async function attempt(values: [string, string, string], field: RegExp, message: string) {
    await current.fill(values[0]);
    await next.fill(values[1]);
    await confirm.fill(values[2]);
    await submit.click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Check the highlighted fields.");
    const input = page.getByLabel(field);
    await expect(input).toHaveAttribute("aria-invalid", "true");
    await expect(input).toHaveAccessibleDescription(new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  }

  await attempt(["", "a-long-enough-passphrase", "a-long-enough-passphrase"], /^Current password/, "Enter your current password.");
  await attempt([member.password, "short-pw", "short-pw"], /^New password/, "Use at least 12 characters.");
  await attempt([member.password, "orchid lantern 42 river", "orchid lantern 42 rivers"], /^Confirm new password/, "The passwords don't match.");
  const local = member.email.split("@")[0]!;
  await attempt([member.password, `${local}-2026!`, `${local}-2026!`], /^New password/, "Don't use your email address in your password.");
  await attempt([member.password, "Milo-secure-passphrase", "Milo-secure-passphrase"], /^New password/, "Don't use your name in your password.");
  await attempt([member.password, "aaaaaaaaaaaaab", "aaaaaaaaaaaaab"], /^New password/, "Use more different characters");
  await attempt([member.password + "!!", member.password + "!!", member.password + "!!"], /^New password/, "different from your current one");
  await attempt(["not-my-password", "orchid lantern 42 river", "orchid lantern 42 river"], /^Current password/, "That is not your current password.");

  const after = await passwordHash(member.id);
  expect(after.password_hash, "nothing was changed").toBe(before.password_hash);
  expect(after.password_changed_at).toEqual(before.password_changed_at);
  expect(await activeSessions(member.id)).toHaveLength(1);
  await page.context().close();
});

test("changing the password signs out the other browser and keeps this one", async ({ browser }) => {
  const { member } = await createAccount("pw-change");
  const here = await browserFor(browser, member);
  const [hereSession] = await activeSessions(member.id);
  const there = await browserFor(browser, member);
  const sessions = await activeSessions(member.id);
  expect(sessions).toHaveLength(2);
  const thereSession = sessions.find((s) => s.id !== hereSession!.id)!;
  const before = await passwordHash(member.id);

  const newPassword = "orchid lantern forty-two river";
  await here.goto("/settings/password");
  await here.getByLabel("Current password").fill(member.password);
  await here.getByLabel("New password", { exact: true }).fill(newPassword);
  await here.getByLabel("Confirm new password").fill(newPassword);
  await expect(here.getByLabel("Sign out all other sessions")).toBeChecked();
  await here.getByRole("button", { name: "Change password" }).click();
  await expect(here.getByRole("status").filter({ hasText: "Password changed." })).toContainText("Signed out 1 other session. This device stays signed in.");

  expect(await sessionRow(thereSession.id)).toMatchObject({ status: "TERMINATED", end_reason: "PASSWORD_CHANGE", ended_by_id: member.id });
  // This device carries on with a new session ID; its old row says why it ended.
  expect(await sessionRow(hereSession!.id)).toMatchObject({ status: "TERMINATED", end_reason: "PASSWORD_CHANGE", ended_by_id: member.id });
  const [rotated, ...others] = await activeSessions(member.id);
  expect(others).toEqual([]);
  expect(rotated!.id).not.toBe(hereSession!.id);
  const after = await passwordHash(member.id);
  expect(after.password_hash).not.toBe(before.password_hash);
  expect(after.password_changed_at.getTime()).toBeGreaterThan(before.password_changed_at.getTime());

  // The other browser is refused on its next navigation (on instance B too); this one stays in.
  await there.goto(`http://localhost:${E2E.portB}/settings/password`);
  await expect(there).toHaveURL(/\/login\?.*reason=ended/);
  await here.goto("/settings/password");
  await expect(here).toHaveURL(/\/settings\/password$/);
  await expect(here.getByText(/Last changed just now/)).toBeVisible();
  await here.goto("/settings/sessions");
  await expect(here.getByTestId("history-session").filter({ hasText: "Replaced by a new session when the password was changed on this device" })).toHaveCount(1);

  // Only the new password signs in now (tried from an address of its own, see raw-http.ts).
  const from = loopbackAddress();
  expect(signedIn(await rawSignIn(E2E.portA, from, member.email, member.password)), "old password").toBe(false);
  expect(signedIn(await rawSignIn(E2E.portA, from, member.email, newPassword)), "new password").toBe(true);
  await here.context().close();
  await there.context().close();
});

test("with the box unchecked, the other sessions stay signed in", async ({ browser }) => {
  const { member } = await createAccount("pw-keep");
  const here = await browserFor(browser, member);
  const other = await insertSession(member.id);
  await here.goto("/settings/password");
  const newPassword = "quiet harbor seventeen kites";
  await here.getByLabel("Current password").fill(member.password);
  await here.getByLabel("New password", { exact: true }).fill(newPassword);
  await here.getByLabel("Confirm new password").fill(newPassword);
  await here.getByLabel("Sign out all other sessions").uncheck();
  await here.getByRole("button", { name: "Change password" }).click();
  await expect(here.getByRole("status").filter({ hasText: "Password changed." })).toContainText("Your other sessions stay signed in.");
  expect((await sessionRow(other.id))?.status).toBe("ACTIVE");
  await here.context().close();
});

test("the Password tab reads well at 1280px and 390px, light and dark, and passes axe", async ({ browser }, testInfo) => {
  test.setTimeout(240_000);
  const { member } = await createAccount("pw-look");
  const page = await browserFor(browser, member);
  await page.goto("/settings/password");
  await lookAt(page, "password", testInfo);
  await page.getByLabel("New password", { exact: true }).fill("short");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("password-errors-390-dark.png"), fullPage: true });
  await page.context().close();
});
