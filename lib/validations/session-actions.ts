import { z } from "zod";
import { sessionHandleSchema } from "./session-id";

/** Logout on a row of My Sessions: the row's handle (never the full session ID). */
export const endSessionInput = z.object({ handle: sessionHandleSchema });

/** Show / Hide Tokens: which rows to reveal (the ones on the page) or hide. */
export const revealSessionIdsInput = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("show"), handles: z.array(sessionHandleSchema).min(1).max(100) }),
  z.object({ intent: z.literal("hide") }),
]);

/** "Sign out all other sessions": an explicit confirmation, so a stray POST does nothing. */
export const signOutOtherSessionsInput = z.object({ confirm: z.literal("yes") });
