"use server";

import { revalidatePath } from "next/cache";
import { actorOf } from "@/lib/auth/session";
import { formAction } from "./form-action";
import { revealSessionIds } from "@/lib/sessions/store";
import { revealSessionIdsInput } from "@/lib/validations/session-actions";

export type RevealState = { shown: boolean; ids: Record<string, string>; error?: string };

/**
 * Show / Hide Tokens. Full session IDs leave the server only here, only for the caller's own
 * sessions, and only when asked; the page's HTML carries truncated IDs and opaque row handles.
 */
const NOT_FOUND: RevealState = { shown: false, ids: {}, error: "Those sessions could not be found." };

export const revealSessionIdsAction = formAction(
  {
    returnTo: "/settings/sessions",
    invalid: NOT_FOUND,
    input: revealSessionIdsInput,
    read: (form) => ({ intent: form.get("intent"), handles: form.getAll("handle") }),
  },
  async (session, input): Promise<RevealState> => {
    if (input.intent === "hide") return { shown: false, ids: {} };
    const ids = await revealSessionIds(actorOf(session), input.handles);
    // The reveal is now in Recent security activity, below.
    revalidatePath("/settings/sessions");
    return { shown: true, ids };
  },
);
