"use server";

import { revalidatePath } from "next/cache";
import { actorOf } from "@/lib/auth/session";
import { formAction } from "./form-action";
import { endOtherSessions } from "@/lib/sessions/store";
import { signOutOtherSessionsInput } from "@/lib/validations/session-actions";

export type SignOutOthersState = { status: "idle" | "ended" | "error"; message: string };

/** "Sign out all other sessions": every active session of mine except the one in use. */
const UNCONFIRMED: SignOutOthersState = { status: "error", message: "Confirm that you want to sign out all other sessions." };

export const signOutOtherSessionsAction = formAction({ returnTo: "/settings/sessions", invalid: UNCONFIRMED, input: signOutOtherSessionsInput }, async (session): Promise<SignOutOthersState> => {
  const count = await endOtherSessions(actorOf(session), "SIGN_OUT_OTHERS");
  revalidatePath("/settings/sessions");
  const message =
    count === 0
      ? "There were no other active sessions."
      : `Signed out ${count} other session${count === 1 ? "" : "s"}. Those devices will be signed out on their next request.`;
  return { status: "ended", message };
});
