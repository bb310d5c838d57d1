"use server";

import { revalidatePath } from "next/cache";
import { actorOf, leaveSignedOut } from "@/lib/auth/session";
import { formAction } from "./form-action";
import { endOwnSession } from "@/lib/sessions/store";
import { endSessionInput } from "@/lib/validations/session-actions";

export type EndSessionState = { status: "idle" | "ended" | "error"; message: string; handle?: string };

const NOT_FOUND: EndSessionState = { status: "error", message: "That session could not be found." };

/**
 * Logout on a row of My Sessions. Another device: its row ends now and it is refused on its next
 * request; this browser stays signed in. This device: signed out here and sent to the login page.
 */
export const endSessionAction = formAction({ returnTo: "/settings/sessions", invalid: NOT_FOUND, input: endSessionInput }, async (session, { handle }): Promise<EndSessionState> => {
  const outcome = await endOwnSession(actorOf(session), { handle });
  if (handle === session.sessionHandle && outcome === "ended") return leaveSignedOut();
  revalidatePath("/settings/sessions");
  if (outcome === "not-found") return { status: "error", message: "That session could not be found.", handle };
  if (outcome === "already-ended") {
    return { status: "error", message: "That session had already ended. The list has been refreshed.", handle };
  }
  return { status: "ended", message: "Session ended. That device will be signed out on its next request.", handle };
});
