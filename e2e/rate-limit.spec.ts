import { expect, test } from "@playwright/test";
import { E2E } from "./env.mjs";
import { createAccount, createUser } from "./support/db";
import { loopbackAddress, rawSignIn, signedIn, type RawResponse } from "./support/raw-http";

// Sign-in limits that stop guessing, not offices. Counted in the shared database, so the two app
// instances (A and B) see one count. Each test fails from loopback addresses of its own and with
// e-mails nobody else uses, so what it trips cannot reach the rest of the suite.

const PER_ACCOUNT_IP = Number(E2E.env.SIGN_IN_MAX_FAILURES);
const PER_ACCOUNT = Number(E2E.env.SIGN_IN_ACCOUNT_MAX_FAILURES);
const PER_IP = Number(E2E.env.SIGN_IN_IP_MAX_FAILURES);
const LIMITED = /^Too many failed sign-in attempts\. Try again in \d+ minutes?\.$/;

function expectLimited(res: RawResponse) {
  expect(res.status).toBe(429);
  expect(res.headers["content-type"]).toContain("application/json");
  const retryAfter = Number(res.headers["retry-after"]);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60 * 60);
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

const port = (i: number) => (i % 2 === 0 ? E2E.portA : E2E.portB);

test("failures on instance A count on instance B; over the limit the API answers 429 with Retry-After", async () => {
  const { member } = await createAccount("limit");
  const from = loopbackAddress();
  for (let i = 0; i < PER_ACCOUNT_IP; i++) expectOrdinaryFailure(await rawSignIn(port(i), from, member.email, `wrong-${i}`));
  // Locked on both instances, even with the right password...
  const onB = expectLimited(await rawSignIn(E2E.portB, from, member.email, member.password));
  const onA = expectLimited(await rawSignIn(E2E.portA, from, member.email, member.password));
  expect(onA).toBe(onB);
  // ...but only for that address: the guesser cannot lock the member out.
  expect(signedIn(await rawSignIn(E2E.portA, loopbackAddress(), member.email, member.password))).toBe(true);
});

test("guesses from many addresses stop at the account's own, higher bound", async () => {
  const { member } = await createAccount("limit-acct");
  let failures = 0;
  while (failures < PER_ACCOUNT) {
    const from = loopbackAddress();
    for (let i = 0; i < 2 && failures < PER_ACCOUNT; i++, failures++) {
      expectOrdinaryFailure(await rawSignIn(port(failures), from, member.email, `wrong-${failures}`));
    }
  }
  expect(PER_ACCOUNT).toBeGreaterThan(PER_ACCOUNT_IP);
  expectLimited(await rawSignIn(E2E.portB, loopbackAddress(), member.email, member.password));
});

test("the per-IP limit holds across e-mails and instances; other addresses are not affected", async () => {
  const { member } = await createAccount("limit-ip");
  const from = loopbackAddress();
  for (let i = 0; i < PER_IP; i++) {
    expectOrdinaryFailure(await rawSignIn(port(i), from, `nobody-${i}-${Date.now()}@e2e.test`, "wrong-password"));
  }
  expectLimited(await rawSignIn(E2E.portA, from, member.email, member.password));
  expect(signedIn(await rawSignIn(E2E.portB, loopbackAddress(), member.email, member.password)), "a different IP signs in").toBe(true);
});

test("50 parallel wrong guesses for one account: 5 reach the password check, 45 are refused", async () => {
  const { member } = await createAccount("limit-burst");
  const from = loopbackAddress();
  const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => rawSignIn(port(i), from, member.email, `guess-${i}`)));
  const checked = responses.filter((r) => r.status === 401);
  const refused = responses.filter((r) => r.status === 429);
  expect(checked).toHaveLength(PER_ACCOUNT_IP);
  expect(refused).toHaveLength(50 - PER_ACCOUNT_IP);
  for (const res of checked) expectOrdinaryFailure(res);
  for (const res of refused) expectLimited(res);
});

test("50 people behind one address sign in at once, across both instances: all 50 succeed", async () => {
  const { accountId } = await createAccount("office");
  const people = await Promise.all(Array.from({ length: 50 }, (_, i) => createUser(accountId, "USER", `office-${i}-${Date.now()}`, `Person ${i}`)));
  const office = loopbackAddress();
  const responses = await Promise.all(people.map((p, i) => rawSignIn(port(i), office, p.email, p.password)));
  expect(responses.map((r) => r.status)).toEqual(new Array(50).fill(200));
  expect(responses.filter(signedIn)).toHaveLength(50);
});

test("the answer is the same whether or not the e-mail exists", async () => {
  const { member } = await createAccount("limit-same");
  const ghost = `ghost-${Date.now()}@e2e.test`;
  const responses: string[] = [];
  for (const email of [member.email, ghost]) {
    const from = loopbackAddress();
    for (let i = 0; i < PER_ACCOUNT_IP; i++) expectOrdinaryFailure(await rawSignIn(E2E.portA, from, email, "wrong-password"));
    const limited = await rawSignIn(E2E.portB, from, email, "wrong-password");
    responses.push(expectLimited(limited).replace(/\d+ minutes?/, "N minutes"));
  }
  expect(responses[0]).toBe(responses[1]);
});

test("the sign-in page shows when to retry, for a real and a made-up account alike", async ({ page }) => {
  const { member } = await createAccount("limit-ui");
  const ghost = `ghost-ui-${Date.now()}@e2e.test`;
  // Guessed from elsewhere up to the account's bound, so this browser (on 127.0.0.1) meets it too.
  for (const email of [member.email, ghost]) {
    for (let i = 0; i < PER_ACCOUNT; i++) await rawSignIn(port(i), i % 2 ? loopbackAddress() : `127.0.9.${i + 1}`, email, "wrong-password");
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
