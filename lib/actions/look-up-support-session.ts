"use server";

import { limitedMessage, lookUpSession } from "@/lib/support/console";
import type { SupportSessionJson } from "@/lib/support/present";
import { formAction } from "./form-action";

export type SupportLookupState =
  | { status: "idle" }
  | { status: "invalid" | "not-found" | "limited"; message: string }
  | { status: "found"; session: SupportSessionJson; lookedUpAt: string };

const INVALID: SupportLookupState = { status: "invalid", message: "Enter a session ID." };

/**
 * The support console's lookup: a full session ID, posted (never in a URL, so it stays out of
 * logs and browser history), matched exactly. Staff only: a 404 for everyone else.
 */
// The ID is checked by the console's own rules (lib/support/console.ts): the lookup limit first,
// so that even a malformed ID counts against it.
export const lookUpSupportSessionAction = formAction({ returnTo: "/support", invalid: INVALID, for: "staff" }, async (staff, formData): Promise<SupportLookupState> => {
  const result = await lookUpSession(staff, formData.get("sessionId"));
  switch (result.kind) {
    case "found":
      return { status: "found", session: result.session, lookedUpAt: new Date().toISOString() };
    case "limited":
      return { status: "limited", message: limitedMessage(result.retryAfterSeconds) };
    case "invalid-id":
      return { status: "invalid", message: result.message };
    case "not-found":
      return { status: "not-found", message: "No session with that ID" };
  }
});
