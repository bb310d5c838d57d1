"use server";

import { actorOf, leaveSignedOut, requireSession } from "@/lib/auth/session";
import { signOutSession } from "@/lib/sessions/store";

/** Sign out from the user menu: the session row ends (not just the cookie), then the login page. */
export async function signOutAction(): Promise<never> {
  const session = await requireSession();
  await signOutSession(actorOf(session));
  return leaveSignedOut();
}
