"use server";

import { revalidatePath } from "next/cache";
import { requireSession } from "@/lib/auth/session";
import { endOtherSessions } from "@/lib/sessions/store";
import { signOutOtherSessionsInput } from "@/lib/validations/session-actions";

export type SignOutOthersState = { status: "idle" | "ended" | "error"; message: string };

/** "Sign out all other sessions": every active session of mine except the one in use. */
export async function signOutOtherSessionsAction(_previous: SignOutOthersState, formData: FormData): Promise<SignOutOthersState> {
  const session = await requireSession("/settings/sessions");
  if (!signOutOtherSessionsInput.safeParse({ confirm: formData.get("confirm") }).success) {
    return { status: "error", message: "Confirm that you want to sign out all other sessions." };
  }
  const count = await endOtherSessions({ userId: session.user.id, sessionId: session.sessionId }, "SIGN_OUT_OTHERS");
  revalidatePath("/settings/sessions");
  const message =
    count === 0
      ? "There were no other active sessions."
      : `Signed out ${count} other session${count === 1 ? "" : "s"}. Those devices will be signed out on their next request.`;
  return { status: "ended", message };
}
