"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { actorOf } from "@/lib/auth/session";
import { formAction } from "./form-action";
import { reportSession } from "@/lib/sessions/store";
import { reportSessionInput } from "@/lib/validations/session-actions";

export type ReportSessionState = { status: "idle" | "error"; message: string };

const NOT_FOUND: ReportSessionState = { status: "error", message: "That session could not be found. The list has been refreshed." };

/**
 * "Wasn't me?": ends that session and every later one but this, then sends the user to the
 * Password tab, where "Sign out all other sessions" is already ticked, with what to do next.
 */
export const reportSessionAction = formAction({ returnTo: "/settings/sessions", invalid: NOT_FOUND, input: reportSessionInput }, async (session, { handle }): Promise<ReportSessionState> => {
  const outcome = await reportSession(actorOf(session), { handle });
  revalidatePath("/settings", "layout");
  if (!outcome.reported) return NOT_FOUND;
  redirect(`/settings/password?reported=${outcome.endedSessions}`);
});
