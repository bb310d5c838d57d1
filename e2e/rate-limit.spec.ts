import { expect, test } from "@playwright/test";
import { E2E } from "./env.mjs";
import { createAccount } from "./support/db";
import { loopbackAddress, rawSignIn, signedIn, type RawResponse } from "./support/raw-http";

// Failed sign-ins are limited per account and per IP, counted in the shared database, so the two
// app instances (A and B) see one count. Each test signs in from loopback addresses of its own
// and with e-mails nobody else uses, so the limit it trips cannot reach the rest of the suite.

const MAX = Number(E2E.env.SIGN_IN_MAX_FAILURES);
const LIMITED = /^Too many failed sign-in attempts\. Try again in \d+ minutes?\.$/;

function expectLimited(res: RawResponse) {
  expect(res.status).toBe(429);
  expect(res.headers["content-type"]).toContain("application/json");
  const retryAfter = Number(res.headers["retry-after"]);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  const body = JSON.parse(res.body) as { error: string };
  expect(body.error).toMatch(LIMITED);
  expect(res.body).not.toMatch(/stack|prisma|sql|at .*\.js/i);
  return body.error;
}

/** Under the limit, a wrong password is next-auth's ordinary failure (401, error=CredentialsSignin). */
function expectOrdinaryFailure(res: RawResponse) {
  expect(res.status).toBe(401);
  expect(JSON.parse(res.body).url).toContain("error=CredentialsSignin");
  expect(signedIn(res)).toBe(false);
}

test("failures on instance A count on instance B; over the limit the API answers 429 with Retry-After", async () => {
  const { member } = await createAccount("limit");
  const from = loopbackAddress();
  for (let i = 0; i < MAX; i++) {
    const port = i % 2 === 0 ? E2E.portA : E2E.portB;
    const res = await rawSignIn(port, from, member.email, `wrong-${i}`);
    expectOrdinaryFailure(res);
  }
  // Locked on both instances, even with the right password.
  const onB = expectLimited(await rawSignIn(E2E.portB, from, member.email, member.password));
  const onA = expectLimited(await rawSignIn(E2E.portA, loopbackAddress(), member.email, member.password));
  expect(onA).toBe(onB);
});

test("the per-IP limit holds across e-mails and instances; other addresses are not affected", async () => {
  const { member } = await createAccount("limit-ip");
  const from = loopbackAddress();
  for (let i = 0; i < MAX; i++) {
    expectOrdinaryFailure(await rawSignIn(i % 2 ? E2E.portB : E2E.portA, from, `nobody-${i}-${Date.now()}@e2e.test`, "wrong-password"));
  }
  expectLimited(await rawSignIn(E2E.portA, from, member.email, member.password));
  expect(signedIn(await rawSignIn(E2E.portB, loopbackAddress(), member.email, member.password)), "a different IP signs in").toBe(true);
});

test("the answer is the same whether or not the e-mail exists", async () => {
  const { member } = await createAccount("limit-same");
  const ghost = `ghost-${Date.now()}@e2e.test`;
  const responses: string[] = [];
  for (const email of [member.email, ghost]) {
    const from = loopbackAddress();
    for (let i = 0; i < MAX; i++) {
      expectOrdinaryFailure(await rawSignIn(E2E.portA, from, email, "wrong-password"));
    }
    const limited = await rawSignIn(E2E.portB, loopbackAddress(), email, "wrong-password");
    responses.push(expectLimited(limited).replace(/\d+ minutes?/, "N minutes"));
  }
  expect(responses[0]).toBe(responses[1]);
});

test("the sign-in page shows when to retry, for a real and a made-up account alike", async ({ page }) => {
  const { member } = await createAccount("limit-ui");
  const ghost = `ghost-ui-${Date.now()}@e2e.test`;
  for (const email of [member.email, ghost]) {
    const from = loopbackAddress();
    for (let i = 0; i < MAX; i++) await rawSignIn(E2E.portB, from, email, "wrong-password");
  }
  const shown: string[] = [];
  for (const email of [member.email, ghost]) {
    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(email === ghost ? "anything-at-all" : member.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    const alert = page.getByRole("main").getByRole("alert");
    await expect(alert).toHaveText(LIMITED);
    shown.push((await alert.textContent()) ?? "");
    await expect(page).toHaveURL(/\/login/);
  }
  expect(shown[0]).toBe(shown[1]);
});
