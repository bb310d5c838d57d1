"use server";

import { endSession, limitedMessage } from "@/lib/support/console";
import type { SupportSessionJson } from "@/lib/support/present";
import { formAction } from "./form-action";

export type EndSupportSessionState =
  | { status: "idle" }
  | { status: "ended"; message: string; session: SupportSessionJson }
  | { status: "error"; code: "invalid-reason" | "invalid-id" | "not-found" | "already-ended" | "limited"; message: string };

const INVALID: EndSupportSessionState = { status: "error", code: "invalid-id", message: "That session could not be found." };

/**
 * "End session" in the support console, after a confirm: the session ends with reason SUPPORT
 * and the engineer's note, which the user reads in their history (the engineer's name they do
 * not). Its device is refused on its next request. Staff only: a 404 for everyone else.
 */
// The ID and the reason are checked by the console's own rules (lib/support/console.ts): the
// lookup limit first, so that even a malformed ID counts against it.
export const endSupportSessionAction = formAction({ returnTo: "/support", invalid: INVALID, for: "staff" }, async (staff, formData): Promise<EndSupportSessionState> => {
  const result = await endSession(staff, formData.get("sessionId"), formData.get("reason"));
  switch (result.kind) {
    case "ended":
      return { status: "ended", message: "Session ended. Its device will be signed out on its next request.", session: result.session };
    case "limited":
      return { status: "error", code: "limited", message: limitedMessage(result.retryAfterSeconds) };
    case "invalid-reason":
      return { status: "error", code: "invalid-reason", message: result.message };
    case "invalid-id":
      return { status: "error", code: "invalid-id", message: result.message };
    case "not-found":
      return { status: "error", code: "not-found", message: "No session with that ID" };
    case "already-ended":
      return { status: "error", code: "already-ended", message: "That session had already ended. Look it up again to see how." };
  }
});
