import { sessionCookieName, sessionCookieOptions } from "@/lib/auth/token";
import { safeReturnTo } from "./return-to";

// Where a refused request is sent, and the cookie it leaves without: the gate (proxy.ts) and
// requireSession() / leaveSignedOut() (lib/auth/session.ts) build both here.

export type LoginNotice = "ended" | "expired" | "signed-out";

/** /login with the notice the page shows and, for a page, where to come back to. */
export function loginPath(notice: LoginNotice | null, returnTo?: string | null): string {
  const params = new URLSearchParams();
  if (notice) params.set("reason", notice);
  const path = safeReturnTo(returnTo);
  if (path !== "/") params.set("callbackUrl", path);
  const query = params.toString();
  return query ? `/login?${query}` : "/login";
}

/** Arguments for `cookies.set(...)` that delete the session cookie (with its Secure attribute when it has one). */
export function clearedSessionCookie(secure: boolean): [string, string, ReturnType<typeof sessionCookieOptions> & { maxAge: 0 }] {
  return [sessionCookieName(secure), "", { ...sessionCookieOptions(secure), maxAge: 0 }];
}
