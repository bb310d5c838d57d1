import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { expect, request as playwrightRequest, type APIRequestContext, type Page } from "@playwright/test";

// Signing in as a script does (GET /api/auth/csrf, then POST /api/auth/callback/credentials) and
// calling Server Actions over HTTP, as a browser's React would, to try what the UI never offers.

const origins = new WeakMap<APIRequestContext, string>();

export async function apiSignIn(baseURL: string, email: string, password: string): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL });
  origins.set(ctx, new URL(baseURL).origin);
  const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await ctx.post("/api/auth/callback/credentials", { form: { email, password, csrfToken, json: "true" } });
  expect(res.status(), `sign-in as ${email}`).toBe(200);
  const me = await ctx.get("/api/sessions");
  expect(me.status(), `signed in as ${email}`).toBe(200);
  return ctx;
}

export async function uiSignIn(page: Page, email: string, password: string, to = "/") {
  await page.goto(`/login?callbackUrl=${encodeURIComponent(to)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

type Manifest = { node: Record<string, { workers: Record<string, unknown>; exportedName?: string; filename?: string }> };

/** A Server Action's id and a page that can run it, read from the build's manifest. */
export function findAction(exportedName: string): { id: string; pages: string[] } | null {
  const distDir = process.env.NEXT_DIST_DIR ?? ".next";
  const file = path.resolve(distDir, "server/server-reference-manifest.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as Manifest;
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (entry.exportedName === exportedName) return { id, pages: Object.keys(entry.workers) };
  }
  return null;
}

const require = createRequire(import.meta.url);
const { encodeReply } = require("next/dist/compiled/react-server-dom-webpack/client.node.js") as {
  encodeReply: (value: unknown) => Promise<string | FormData>;
};

export type ActionResult = { status: number; body: string; headers: Record<string, string> };

/**
 * POSTs a Server Action the way Next's client does: `Next-Action: <id>` and the arguments
 * encoded by React's encodeReply. `args` for a form action with useActionState is
 * [prevState, formData].
 */
export async function callAction(
  ctx: APIRequestContext,
  pagePath: string,
  exportedName: string,
  args: unknown[],
  options: { maxRedirects?: number } = {},
): Promise<ActionResult> {
  const action = findAction(exportedName);
  if (!action) throw new Error(`Server Action ${exportedName} is not in the build`);
  const encoded = await encodeReply(args);
  const headers = { "next-action": action.id, accept: "text/x-component", ...(origins.has(ctx) ? { origin: origins.get(ctx)! } : {}) };
  let res;
  if (typeof encoded === "string") {
    res = await ctx.post(pagePath, { headers: { ...headers, "content-type": "text/plain;charset=UTF-8" }, data: encoded, ...options });
  } else {
    // Sent as React built it: the root ("0") last, after the fields it refers to.
    res = await ctx.post(pagePath, { headers, multipart: encoded, ...options });
  }
  return { status: res.status(), body: await res.text(), headers: res.headers() };
}

export function formData(fields: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return fd;
}
