"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getConfig } from "@/lib/config";
import { requireSession } from "@/lib/auth/session";
import { sessionCookieName } from "@/lib/auth/token";
import { signOutSession } from "@/lib/sessions/store";

/** Sign out from the user menu: the session row ends (not just the cookie), then the login page. */
export async function signOutAction(): Promise<never> {
  const session = await requireSession();
  await signOutSession(session.sessionId);
  (await cookies()).delete(sessionCookieName(getConfig().secureCookies));
  redirect("/login?reason=signed-out");
}
