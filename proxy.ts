import { NextResponse, type NextRequest } from "next/server";
import { getConfig, type Config } from "@/lib/config";
import { sessionCookieName } from "@/lib/auth/token";
import { noticeFor, verifySessionCookie } from "@/lib/auth/verify";
import { HANDOFF_HEADER, handOff } from "@/lib/auth/handoff";
import { clearedSessionCookie, loginPath } from "@/lib/http/login-redirect";
import { actionPayloadProblem } from "@/lib/http/action-payload";
import { requestIp } from "@/lib/http/request-ip";
import { contentSecurityPolicy, crossSiteWrite, newNonce, ownOrigin, STATIC_PAGE_POLICY } from "@/lib/http/security";

// The request gate (Next.js 16's name for middleware.ts). Every request but static assets comes
// through here. Writes from another site are refused; every page gets a Content-Security-Policy
// with a fresh nonce. Then, except for sign-in, next-auth's own endpoints and the health check,
// the cookie must decode and its session row must be alive in the database, or the request is
// refused. No cache, so a session ended on any instance is refused on its very next request on
// every instance. What the gate read goes on with the request (lib/auth/handoff.ts), so the page
// or handler behind it does not read the same row again.

/** Reachable without a session: the sign-in page, next-auth's endpoints, the health check. */
function isPublic(pathname: string): boolean {
  return pathname === "/login" || pathname.startsWith("/login/") || pathname.startsWith("/api/auth/") || pathname === "/api/health";
}

export async function proxy(request: NextRequest) {
  const config = getConfig();
  const { pathname } = request.nextUrl;
  const isApi = pathname.startsWith("/api/");

  // Besides SameSite cookies, Next's own Server Action origin check and next-auth's CSRF token.
  if (crossSiteWrite(request.method, request.headers, ownOrigin(request.headers, config.publicUrl))) {
    return hardened(config, crossSiteRefusal(isApi));
  }
  if (!isApi && !pageMethodAllowed(request)) return hardened(config, methodNotAllowed());
  const badAction = isApi ? null : await actionPayloadRefusal(request);
  if (badAction) return hardened(config, badAction);
  if (isPublic(pathname)) return proceed(request, config, isApi);

  const token = request.cookies.get(sessionCookieName(config.secureCookies))?.value;
  let verified;
  try {
    const ip = requestIp(request.headers.get("x-forwarded-for"));
    verified = await verifySessionCookie(token, ip);
  } catch {
    // Fail closed: without the database nobody is let through.
    return hardened(config, unavailable(isApi));
  }
  if (!verified.ok) {
    const notice = verified.reason === "no-cookie" ? rememberedNotice(request) : noticeFor(verified.reason);
    return hardened(config, refuse(request, isApi, config, notice));
  }
  if (verified.session.user.mustChangePassword && !mayUseBeforePasswordChange(pathname)) {
    return hardened(config, passwordChangeRequired(request, isApi));
  }

  // What the gate read goes on with the request: the handler need not read it again.
  const response = proceed(request, config, isApi, token && handOff(verified.session, token));
  response.headers.set("cache-control", "private, no-store");
  if (request.cookies.has(NOTICE_COOKIE)) response.cookies.delete(NOTICE_COOKIE);
  return response;
}

/**
 * Pages are read with GET (HEAD) and written only through their Server Actions: POSTs with
 * Next's action header, or, with JavaScript off, multipart forms that name the action.
 */
function pageMethodAllowed(request: NextRequest): boolean {
  if (request.method === "GET" || request.method === "HEAD") return true;
  if (request.method !== "POST") return false;
  return request.headers.has("next-action") || (request.headers.get("content-type") ?? "").startsWith("multipart/form-data");
}

/**
 * A POST to a page is a Server Action, and every one of ours is a form: multipart/form-data in
 * the shape lib/http/action-payload.ts describes. Anything else would reach React's decoder,
 * which Next answers with a 500. The body is at most 64 KB (scripts/request-guard.mjs).
 */
async function actionPayloadRefusal(request: NextRequest): Promise<NextResponse | null> {
  if (request.method !== "POST") return null;
  if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    return new NextResponse("Server Actions take multipart/form-data.", { status: 415, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
  }
  let form: FormData;
  try {
    form = await request.clone().formData();
  } catch {
    return badForm();
  }
  return actionPayloadProblem(form, request.headers.has("next-action")) ? badForm() : null;
}

function badForm() {
  return new NextResponse("Malformed form.", { status: 400, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}

function methodNotAllowed() {
  return new NextResponse("Method not allowed.", { status: 405, headers: { allow: "GET, HEAD, POST", "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}

/**
 * Let the request through. A page gets its policy and nonce (Next reads the nonce from the
 * request's policy header); a signed-in request carries the gate's hand-off, and no request
 * carries a hand-off header the gate did not set.
 */
function proceed(request: NextRequest, config: Config, isApi: boolean, handoff?: string): NextResponse {
  const policy = isApi ? null : contentSecurityPolicy(newNonce(), { dev: process.env.NODE_ENV === "development", https: config.secureCookies });
  if (!policy && !handoff && !request.headers.has(HANDOFF_HEADER)) return hardened(config, NextResponse.next());
  const headers = new Headers(request.headers);
  if (handoff) headers.set(HANDOFF_HEADER, handoff);
  else headers.delete(HANDOFF_HEADER);
  if (policy) headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  if (policy) response.headers.set("content-security-policy", policy);
  return hardened(config, response);
}

/** Over HTTPS, every answer tells the browser to come back over HTTPS only (HSTS). */
function hardened(config: Config, response: NextResponse): NextResponse {
  if (config.secureCookies) response.headers.set("strict-transport-security", "max-age=63072000");
  return response;
}

const NOTICE_COOKIE = "bb.ended";

// Someone else chose this user's password (a one-time password from an Account Owner or the
// admin CLI): until they choose their own, only the Password tab and "who am I" answer.
const PASSWORD_PAGE = "/settings/password";
function mayUseBeforePasswordChange(pathname: string): boolean {
  return pathname === PASSWORD_PAGE || pathname === "/api/me";
}

function passwordChangeRequired(request: NextRequest, isApi: boolean) {
  const headers = { "cache-control": "no-store" };
  if (isApi) return NextResponse.json({ error: "Choose a new password before continuing." }, { status: 403, headers });
  return NextResponse.redirect(new URL(`${PASSWORD_PAGE}?required=1`, request.url), { status: 303, headers });
}

function crossSiteRefusal(isApi: boolean) {
  const message = "Cross-site requests are not allowed.";
  const headers = { "cache-control": "no-store" };
  if (isApi) return NextResponse.json({ error: message }, { status: 403, headers });
  return new NextResponse(message, { status: 403, headers: { ...headers, "content-type": "text/plain; charset=utf-8" } });
}

/** Why this browser's last session was refused, if that was minutes ago and its cookie is gone. */
function rememberedNotice(request: NextRequest): "ended" | "expired" | null {
  const value = request.cookies.get(NOTICE_COOKIE)?.value;
  return value === "ended" || value === "expired" ? value : null;
}

function refuse(request: NextRequest, isApi: boolean, config: Config, reason: "ended" | "expired" | null) {
  const login = new URL(loginPath(reason, isApi ? null : request.nextUrl.pathname + request.nextUrl.search), request.url);
  const message = reason ? "Your session has ended. Sign in again." : "Not signed in.";

  let response: NextResponse;
  if (request.method === "POST" && request.headers.has("next-action")) {
    // A Server Action from a page whose session has died: 401, plus the header Next's client
    // follows, so the browser lands on the login page instead of showing an error.
    response = new NextResponse(message, {
      status: 401,
      headers: { "content-type": "text/plain", "cache-control": "no-store", "x-action-redirect": `${login.pathname}${login.search};replace` },
    });
  } else if (isApi) {
    response = NextResponse.json({ error: message }, { status: 401, headers: { "cache-control": "no-store" } });
  } else {
    response = NextResponse.redirect(login, 303);
  }
  // A navigation clears the dead cookie. A page's own fetch does not: it may have been sent with
  // a cookie that was replaced while it was under way (a sign-in again, a password change), and
  // clearing the cookie would sign the browser out of the session that replaced it.
  const cleared = clearedSessionCookie(config.secureCookies);
  if (request.cookies.has(cleared[0]) && !pageFetch(request)) {
    response.cookies.set(...cleared);
    // Remember why for a few minutes: the user's own next click must still say "your session
    // was ended" once the cookie is gone.
    if (reason) response.cookies.set(NOTICE_COOKIE, reason, { ...cleared[2], maxAge: 300 });
  }
  return response;
}

/** A request a page makes by itself (the router's prefetches, Server Actions, fetch), not a navigation; scripts send no Sec-Fetch-Mode. */
function pageFetch(request: NextRequest): boolean {
  const mode = request.headers.get("sec-fetch-mode");
  return mode !== null && mode !== "navigate";
}

function unavailable(isApi: boolean) {
  const headers = { "cache-control": "no-store", "retry-after": "5" };
  if (isApi) return NextResponse.json({ error: "Service unavailable. Try again shortly." }, { status: 503, headers });
  return new NextResponse(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Service unavailable · Broker Buddha AI</title>` +
      `<style>body{font-family:system-ui,sans-serif;display:grid;place-items:center;min-height:100vh;margin:0;background:#f8fafc;color:#0f172a}` +
      `main{max-width:28rem;padding:2rem;text-align:center}h1{font-size:1.25rem}p{color:#475569}a{color:#4f46e5}</style></head>` +
      `<body><main><h1>We can't reach our database right now</h1><p>Nothing was changed. Please try again in a few seconds.</p><p><a href="">Try again</a></p></main></body></html>`,
    { status: 503, headers: { ...headers, "content-type": "text/html; charset=utf-8", "content-security-policy": STATIC_PAGE_POLICY } },
  );
}

export const config = {
  matcher: [
    // Everything except Next's static files and the icons.
    "/((?!_next/static/|_next/image|favicon\\.ico$|robots\\.txt$|icon\\.svg$).*)",
  ],
};
