"use server";

import { revalidatePath } from "next/cache";
import { formAction } from "./form-action";
import { confirmNewSignIn } from "@/lib/sessions/store";
import { confirmSignInInput } from "@/lib/validations/session-actions";

export type ConfirmSignInState = { status: "idle" | "confirmed" | "error"; message: string };

const NOT_FOUND: ConfirmSignInState = { status: "error", message: "That sign-in could not be found." };

/** "Yes" on the new sign-in banner: it was me, so no device asks about it again. */
export const confirmSignInAction = formAction({ returnTo: "/settings/sessions", invalid: NOT_FOUND, input: confirmSignInInput }, async (session, { handle }): Promise<ConfirmSignInState> => {
  const confirmed = await confirmNewSignIn(session.user.id, handle);
  revalidatePath("/settings", "layout");
  return confirmed ? { status: "confirmed", message: "Thanks. We won't ask about that sign-in again." } : NOT_FOUND;
});
