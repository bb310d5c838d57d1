import { NextResponse, type NextRequest } from "next/server";
import { getConfig } from "@/lib/config";
import { readSessionCookie, sessionCookieName, sessionCookieOptions } from "@/lib/auth/token";
import { safeReturnTo } from "@/lib/http/return-to";
import { checkSession } from "@/lib/sessions/gate";

// The request gate (Next.js 16's name for middleware.ts). Every request but sign-in, next-auth's
// own endpoints, static assets and the health check comes through here: the cookie must decode,
// and its session row must be alive in the database, or the request is refused. No cache, so a
// session ended on any instance is refused on its very next request on every instance.

export async function proxy(request: NextRequest) {
  const config = getConfig();
  const cookieName = sessionCookieName(config.secureCookies);
  const isApi = request.nextUrl.pathname.startsWith("/api/");
  const claims = await readSessionCookie(request.cookies.get(cookieName)?.value, config.authSecret);
  if (!claims) return refuse(request, isApi, cookieName, rememberedReason(request));

  let result;
  try {
    result = await checkSession(claims.sid);
  } catch {
    // Fail closed: without the database nobody is let through.
    return unavailable(isApi);
  }
  if (!result.ok) return refuse(request, isApi, cookieName, result.reason === "expired" ? "expired" : "ended");
  if (result.session.userId !== claims.sub) return refuse(request, isApi, cookieName, "ended");
  if (result.session.user.mustChangePassword && !mayUseBeforePasswordChange(request.nextUrl.pathname)) {
    return passwordChangeRequired(request, isApi);
  }

  const response = NextResponse.next();
  response.headers.set("cache-control", "private, no-store");
  if (request.cookies.has(NOTICE_COOKIE)) response.cookies.delete(NOTICE_COOKIE);
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

/** Why this browser's last session was refused, if that was minutes ago and its cookie is gone. */
function rememberedReason(request: NextRequest): "ended" | "expired" | null {
  const value = request.cookies.get(NOTICE_COOKIE)?.value;
  return value === "ended" || value === "expired" ? value : null;
}

function refuse(request: NextRequest, isApi: boolean, cookieName: string, reason: "ended" | "expired" | null) {
  const login = new URL("/login", request.url);
  if (reason) login.searchParams.set("reason", reason);
  const returnTo = safeReturnTo(request.nextUrl.pathname + request.nextUrl.search);
  if (!isApi && returnTo !== "/") login.searchParams.set("callbackUrl", returnTo);
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
  if (request.cookies.has(cookieName)) {
    const options = sessionCookieOptions(getConfig().secureCookies);
    response.cookies.set(cookieName, "", { ...options, maxAge: 0 });
    // Remember why for a few minutes: the first refusal is often a background prefetch of the
    // router, and the user's own next click must still say "your session was ended".
    if (reason) response.cookies.set(NOTICE_COOKIE, reason, { ...options, maxAge: 300 });
  }
  return response;
}

function unavailable(isApi: boolean) {
  const headers = { "cache-control": "no-store", "retry-after": "5" };
  if (isApi) return NextResponse.json({ error: "Service unavailable. Try again shortly." }, { status: 503, headers });
  return new NextResponse(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Service unavailable · Broker Buddha AI</title></head>` +
      `<body style="font-family:system-ui,sans-serif;display:grid;place-items:center;min-height:100vh;margin:0;background:#f8fafc;color:#0f172a">` +
      `<main style="max-width:28rem;padding:2rem;text-align:center"><h1 style="font-size:1.25rem">We can't reach our database right now</h1>` +
      `<p style="color:#475569">Nothing was changed. Please try again in a few seconds.</p><p><a href="" style="color:#4f46e5">Try again</a></p></main></body></html>`,
    { status: 503, headers: { ...headers, "content-type": "text/html; charset=utf-8" } },
  );
}

export const config = {
  matcher: [
    // Everything except the sign-in page, next-auth's endpoints, the health check and static files.
    "/((?!login(?:$|/)|api/auth/|api/health(?:$|/)|_next/static/|_next/image|favicon\\.ico$|robots\\.txt$|icon\\.svg$).*)",
  ],
};
