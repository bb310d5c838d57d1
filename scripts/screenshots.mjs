#!/usr/bin/env node
// `npm run screenshots`: regenerates docs/*.png from a fresh demo database. Starts the app on
// its own port with a throwaway data folder, signs in as the demo Account Owner from a second
// "device" too, and photographs My Sessions at desktop (light, dark) and phone width; then the
// demo member signed in on many devices and scripts (the first ten listed, "Show all"), on a
// phone, light and dark; then the support console (desktop, light and dark) with one of the
// owner's sessions looked up.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, request } from "@playwright/test";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.SCREENSHOT_PORT ?? 3290);
const base = `http://localhost:${port}`;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "bb-shots-"));
const out = path.join(root, "docs");
mkdirSync(out, { recursive: true });

const server = spawn(process.execPath, [path.join(root, "scripts/start.mjs")], {
  cwd: root,
  stdio: ["ignore", "inherit", "inherit"],
  env: { ...process.env, PORT: String(port), DATA_DIR: dataDir },
});

async function waitHealthy() {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the app did not start");
}

/** Signs a demo user in through the login form and waits for `to`. */
async function signIn(page, email, to) {
  await page.goto(`${base}/login?callbackUrl=${encodeURIComponent(to)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("buddha-demo-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${base}${to}`);
}

const executablePath = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
let browser;
try {
  await waitHealthy();
  browser = await chromium.launch({ executablePath, args: ["--disable-gpu", "--no-first-run", "--disable-background-networking"] });
  const chromeMac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36";
  const shots = [
    { name: "my-sessions-desktop-light", viewport: { width: 1280, height: 900 }, colorScheme: "light" },
    { name: "my-sessions-desktop-dark", viewport: { width: 1280, height: 900 }, colorScheme: "dark" },
    { name: "my-sessions-phone", viewport: { width: 390, height: 844 }, colorScheme: "light" },
  ];
  // One signed-in browser, so the page shows one "This device" session among the demo ones.
  const context = await browser.newContext({ userAgent: chromeMac, timezoneId: "Europe/London", locale: "en-GB", deviceScaleFactor: 2 });
  const page = await context.newPage();
  await signIn(page, "owner@example.com", "/");
  for (const shot of shots) {
    await page.setViewportSize(shot.viewport);
    await page.emulateMedia({ colorScheme: shot.colorScheme });
    await page.goto(`${base}/settings/sessions`);
    await page.getByRole("heading", { name: "My Session History" }).waitFor();
    await page.screenshot({ path: path.join(out, `${shot.name}.png`), fullPage: true });
    console.log(`docs/${shot.name}.png`);
  }
  await context.close();

  // A user with many sessions, on a phone: the demo member signs in from a dozen browsers and
  // scripts (sign-ins as a script does: csrf, then the credentials callback).
  const devices = [
    "Mozilla/5.0 (iPad; CPU OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1",
    "curl/8.5.0",
    "python-requests/2.32.3",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:145.0) Gecko/20100101 Firefox/145.0",
    "Go-http-client/1.1",
    "PostmanRuntime/7.43.0",
    "Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36",
  ];
  for (const userAgent of devices) {
    const script = await request.newContext({ baseURL: base, userAgent });
    const { csrfToken } = await (await script.get("/api/auth/csrf")).json();
    await script.post("/api/auth/callback/credentials", { form: { email: "member@example.com", password: "buddha-demo-2026", csrfToken, json: "true" } });
    await script.dispose();
  }
  const iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1";
  for (const colorScheme of ["light", "dark"]) {
    const phone = await browser.newContext({ userAgent: iphone, timezoneId: "Europe/London", locale: "en-GB", deviceScaleFactor: 2, viewport: { width: 390, height: 844 }, colorScheme });
    const member = await phone.newPage();
    await signIn(member, "member@example.com", "/settings/sessions");
    await member.getByRole("heading", { name: "My Session History" }).waitFor();
    const name = `my-sessions-many-phone-${colorScheme}`;
    await member.screenshot({ path: path.join(out, `${name}.png`), fullPage: true });
    console.log(`docs/${name}.png`);
    await phone.close();
  }

  // The support console: the demo support engineer looks up one of the owner's other sessions by
  // the full ID the owner reveals with Show Tokens, as a user would read it out.
  const ownerContext = await browser.newContext({ userAgent: chromeMac, timezoneId: "Europe/London", locale: "en-GB" });
  const owner = await ownerContext.newPage();
  await signIn(owner, "owner@example.com", "/settings/sessions");
  await owner.getByRole("button", { name: "Show Tokens" }).click();
  const other = owner.locator('[data-testid="active-session"]:not([data-current])').filter({ hasText: "iOS" });
  const sessionId = (await other.getByTestId("full-session-id").textContent())?.trim();
  if (!sessionId) throw new Error("no session ID revealed");
  await ownerContext.close();
  const support = await browser.newContext({ userAgent: chromeMac, timezoneId: "Europe/London", locale: "en-GB", deviceScaleFactor: 2 });
  const desk = await support.newPage();
  await signIn(desk, "support@example.com", "/support");
  for (const [name, colorScheme] of [["support-console-desktop-light", "light"], ["support-console-desktop-dark", "dark"]]) {
    await desk.setViewportSize({ width: 1280, height: 900 });
    await desk.emulateMedia({ colorScheme });
    await desk.goto(`${base}/support`);
    await desk.getByLabel("Session ID").fill(sessionId);
    await desk.getByRole("button", { name: "Look up" }).click();
    await desk.getByTestId("support-session").waitFor();
    await desk.mouse.move(0, 0);
    await desk.screenshot({ path: path.join(out, `${name}.png`), fullPage: true });
    console.log(`docs/${name}.png`);
  }
  await support.close();
} finally {
  await browser?.close();
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  rmSync(dataDir, { recursive: true, force: true });
}
