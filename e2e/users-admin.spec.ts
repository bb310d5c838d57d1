import { expect, test, type Browser, type Page } from "@playwright/test";
import { E2E } from "./env.mjs";
import { uiSignIn } from "./support/auth";
import { activeSessions, createAccount, createUser, db, insertSession, type TestUser } from "./support/db";
import { lookAt } from "./support/look";
import { loopbackAddress, rawSignIn, signedIn } from "./support/raw-http";

// An Account Owner manages the members of their account from the Users tab, in real browsers:
// adds a member (who gets a one-time password and must choose their own at first sign-in),
// changes a role, deactivates a member (whose open browser is turned away on its next request).

async function signedInPage(browser: Browser, user: { email: string; password: string }, to = "/"): Promise<Page> {
  const context = await browser.newContext({ baseURL: `http://localhost:${E2E.portA}` });
  const page = await context.newPage();
  await uiSignIn(page, user.email, user.password, to);
  return page;
}

async function userRow(email: string) {
  const { rows } = await db().query<{ id: string; role: string; must_change_password: boolean; deactivated_at: Date | null; account_id: string }>(
    "SELECT id, role, must_change_password, deactivated_at, account_id FROM users WHERE email = $1",
    [email],
  );
  return rows[0];
}

const unique = () => Math.random().toString(36).slice(2, 8);

/** Opens "Add member", fills it in and submits; returns the dialog. */
async function addMember(page: Page, member: { name: string; email: string; role: string }) {
  await page.getByRole("button", { name: "Add member" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a member" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Full name").fill(member.name);
  await dialog.getByLabel("Email").fill(member.email);
  await dialog.getByRole("radio", { name: member.role }).check();
  await dialog.getByRole("button", { name: "Add member" }).click();
  return page.getByRole("dialog", { name: `${member.name} was added` });
}

test("first sign-in: an owner adds a member and reads the one-time password; the member must choose their own before anything else", async ({ browser }) => {
  const acct = await createAccount("onboard");
  const owner = await signedInPage(browser, acct.owner, "/settings/users");
  await owner.context().grantPermissions(["clipboard-read", "clipboard-write"]);

  const email = `nia-${unique()}@e2e.test`;
  // A mistake first: a taken e-mail address is a field error, and what was typed stays.
  await owner.getByRole("button", { name: "Add member" }).click();
  const form = owner.getByRole("dialog", { name: "Add a member" });
  await form.getByLabel("Full name").fill("Nia Newcomer");
  await form.getByLabel("Email").fill(acct.member.email.toUpperCase());
  await form.getByRole("button", { name: "Add member" }).click();
  await expect(form.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Email")).toHaveAccessibleDescription("Someone already uses this email address.");
  await expect(form.getByLabel("Full name")).toHaveValue("Nia Newcomer");
  await form.getByRole("button", { name: "Cancel" }).click();
  await expect(form).toBeHidden();

  const added = await addMember(owner, { name: "Nia Newcomer", email, role: "Billing Manager" });
  await expect(added).toBeVisible();
  await expect(added).toContainText(`Billing Manager · ${email}`);
  const password = (await added.getByTestId("one-time-password").textContent())!.trim();
  expect(password).toMatch(/^[2-9a-z]{5}(-[2-9a-z]{5}){3}$/);
  await added.getByRole("button", { name: "Copy" }).click();
  await expect(added.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await owner.evaluate(() => navigator.clipboard.readText())).toBe(password);
  // Escape does not throw the password away; Done does, for good.
  await owner.keyboard.press("Escape");
  await expect(added).toBeVisible();
  await added.getByRole("button", { name: "Done" }).click();
  await expect(added).toBeHidden();
  await owner.getByRole("button", { name: "Add member" }).click();
  await expect(owner.getByRole("dialog", { name: "Add a member" }).getByLabel("Full name")).toHaveValue("");
  await owner.keyboard.press("Escape");
  expect(await owner.content()).not.toContain(password);

  const row = owner.getByTestId(`member-row-${email}`);
  await expect(row).toContainText("Nia Newcomer");
  await expect(row).toContainText("One-time password");
  expect(await userRow(email)).toMatchObject({ role: "BILLING_MANAGER", must_change_password: true, account_id: acct.accountId, deactivated_at: null });

  // The member, in a browser of their own: only the Password tab until they choose a password.
  const member = await browser.newContext({ baseURL: `http://localhost:${E2E.portA}` });
  const page = await member.newPage();
  await page.goto("/login?callbackUrl=%2Fsettings%2Fsessions");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings\/password\?required=1$/);
  await expect(page.getByRole("heading", { name: "Choose your own password to continue" })).toBeVisible();
  for (const path of ["/", "/settings/users", "/settings/sessions", `/settings/users/${acct.owner.id}`]) {
    await page.goto(path);
    await expect(page, path).toHaveURL(/\/settings\/password\?required=1$/);
  }
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Users" }).click();
  await expect(page).toHaveURL(/\/settings\/password\?required=1$/);
  for (const path of ["/api/sessions", "/api/sessions/whatever"]) {
    const res = await page.request.get(path);
    expect(res.status(), path).toBe(403);
    expect(await res.json()).toEqual({ error: "Choose a new password before continuing." });
  }
  expect((await page.request.get("/api/me")).status()).toBe(200);

  await page.getByLabel("Current password").fill(password);
  await page.getByLabel("New password", { exact: true }).fill("orchid lantern river 42");
  await page.getByLabel("Confirm new password").fill("orchid lantern river 42");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: "Welcome back, Nia" })).toBeVisible();
  expect((await userRow(email))?.must_change_password).toBe(false);
  await page.goto("/settings/sessions");
  await expect(page).toHaveURL(/\/settings\/sessions$/);
  await expect(page.getByTestId("active-session")).toHaveCount(1);
  expect((await page.request.get("/api/sessions")).status()).toBe(200);

  await owner.reload();
  await expect(owner.getByTestId(`member-row-${email}`)).not.toContainText("One-time password");
  await member.close();
  await owner.context().close();
});

test("an owner changes a role and deactivates a member: the member's open browser is sent to /login on its next request", async ({ browser }) => {
  const acct = await createAccount("manage");
  const memberPage = await signedInPage(browser, acct.member, "/settings/sessions");
  await insertSession(acct.member.id);
  expect(await activeSessions(acct.member.id)).toHaveLength(2);

  const owner = await signedInPage(browser, acct.owner, "/settings/users");
  const row = owner.getByTestId(`member-row-${acct.member.email}`);
  await row.getByRole("button", { name: `Change role of ${acct.member.name}` }).click();
  const roleDialog = owner.getByRole("dialog", { name: `Change ${acct.member.name}'s role` });
  await expect(roleDialog.getByRole("radio", { name: "User" })).toBeChecked();
  await roleDialog.getByRole("radio", { name: "Billing Manager" }).check();
  await roleDialog.getByRole("button", { name: "Save role" }).click();
  await expect(roleDialog).toBeHidden();
  await expect(row).toContainText("Billing Manager");
  expect((await userRow(acct.member.email))?.role).toBe("BILLING_MANAGER");
  // The member's next request already has the new role; they stay signed in.
  await memberPage.goto("/settings/users");
  await expect(memberPage.getByText("Only an Account Owner can manage")).toBeVisible();
  await expect(memberPage.getByTestId(`member-row-${acct.member.email}`)).toContainText("Billing Manager");

  // The last Account Owner cannot step down: the dialog says why, and nothing changes.
  const ownRow = owner.getByTestId(`member-row-${acct.owner.email}`);
  await expect(ownRow.getByRole("button", { name: "Deactivate" })).toHaveCount(0);
  await ownRow.getByRole("button", { name: `Change role of ${acct.owner.name}` }).click();
  const ownDialog = owner.getByRole("dialog", { name: "Change your role" });
  await ownDialog.getByRole("radio", { name: "User" }).check();
  await ownDialog.getByRole("button", { name: "Save role" }).click();
  await expect(ownDialog.getByRole("alert")).toHaveText("An account needs an Account Owner: make someone else Account Owner first.");
  await ownDialog.getByRole("button", { name: "Cancel" }).click();
  expect((await userRow(acct.owner.email))?.role).toBe("ACCOUNT_OWNER");

  // Deactivate, after a confirm that says what will happen.
  await row.getByRole("button", { name: "Deactivate" }).click();
  const confirm = owner.getByRole("dialog", { name: `Deactivate ${acct.member.name}?` });
  await expect(confirm).toContainText("They are signed out of all 2 of their devices at once. They can no longer sign in.");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  expect((await userRow(acct.member.email))?.deactivated_at).toBeNull();
  await row.getByRole("button", { name: "Deactivate" }).click();
  await confirm.getByRole("button", { name: "Deactivate" }).click();
  await expect(row.getByRole("status").filter({ hasText: "deactivated" })).toHaveText(`${acct.member.name} was deactivated and signed out of 2 sessions.`);
  await expect(row).toContainText("Deactivated");
  await expect(row.getByRole("button", { name: `Reactivate ${acct.member.name}` })).toBeVisible();

  const { rows: ended } = await db().query("SELECT status, end_reason, ended_by_id FROM sessions WHERE user_id = $1", [acct.member.id]);
  expect(ended).toHaveLength(2);
  for (const s of ended) expect(s).toEqual({ status: "TERMINATED", end_reason: "USER_DEACTIVATED", ended_by_id: acct.owner.id });

  // The member's open browser: its next request lands on the login page.
  await memberPage.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "My Sessions" }).click();
  await expect(memberPage).toHaveURL(/\/login\?reason=ended/);
  await expect(memberPage.getByRole("status")).toContainText("Your session was ended");
  // And their password no longer signs them in (answered exactly like a wrong one).
  const from = loopbackAddress();
  expect(signedIn(await rawSignIn(E2E.portA, from, acct.member.email, acct.member.password))).toBe(false);

  // Reactivated: they can sign in again with their password.
  await row.getByRole("button", { name: `Reactivate ${acct.member.name}` }).click();
  await expect(row.getByRole("status").filter({ hasText: "sign in again" })).toHaveText(`${acct.member.name} can sign in again.`);
  await expect(row.getByRole("button", { name: "Deactivate" })).toBeVisible();
  expect(signedIn(await rawSignIn(E2E.portA, from, acct.member.email, acct.member.password))).toBe(true);

  await memberPage.context().close();
  await owner.context().close();
});

test("Users and Billing Managers see the members read-only", async ({ browser }) => {
  const acct = await createAccount("readonly");
  for (const reader of [acct.member, acct.billing]) {
    const page = await signedInPage(browser, reader, "/settings/users");
    await expect(page.getByTestId(`member-row-${acct.owner.email}`)).toBeVisible();
    for (const control of ["Add member", /^Change role of/, "Deactivate", /^Reactivate/]) {
      await expect(page.getByRole("button", { name: control })).toHaveCount(0);
    }
    await page.context().close();
  }
});

test("the Users tab, the add-member result and the Password tab's first-sign-in banner look finished", async ({ browser }, testInfo) => {
  test.setTimeout(300_000); // five pages, each looked at four ways with axe: minutes on a busy machine
  const acct = await createAccount("look-users");
  await insertSession(acct.member.id);
  await insertSession(acct.billing.id, "24.48.0.1", ["Montreal", "QC", "CA"]);
  const gone: TestUser = await createUser(acct.accountId, "USER", `look-gone-${unique()}`, "Dana Departed");
  await db().query("UPDATE users SET deactivated_at = now() - interval '3 days' WHERE id = $1", [gone.id]);
  const fresh: TestUser = await createUser(acct.accountId, "USER", `look-new-${unique()}`, "Noor Newhire");
  await db().query("UPDATE users SET must_change_password = true WHERE id = $1", [fresh.id]);

  const owner = await signedInPage(browser, acct.owner, "/settings/users");
  await lookAt(owner, "users-tab-owner", testInfo);
  await lookAt(owner, "users-add-member-result", testInfo, async (page) => {
    const added = await addMember(page, { name: "Rowan Recruit", email: `rowan-${unique()}@e2e.test`, role: "User" });
    await expect(added.getByTestId("one-time-password")).toBeVisible();
  });
  await lookAt(owner, "users-add-member-form", testInfo, async (page) => {
    await page.getByRole("button", { name: "Add member" }).click();
    await expect(page.getByRole("dialog", { name: "Add a member" })).toBeVisible();
  });
  await owner.context().close();

  const reader = await signedInPage(browser, acct.member, "/settings/users");
  await lookAt(reader, "users-tab-member", testInfo);
  await reader.context().close();

  const newcomer = await signedInPage(browser, fresh, "/settings/users");
  await expect(newcomer).toHaveURL(/\/settings\/password\?required=1$/);
  await lookAt(newcomer, "password-required", testInfo);
  await newcomer.context().close();
});
