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

/** "Wasn't me?" (and the banner's "No, secure my account"): the reported row's handle. */
export const reportSessionInput = z.object({ handle: sessionHandleSchema });

/** The Password tab after a report: `?reported=N`, how many sessions the report ended (anything else: no report). */
export const reportedParam = z.coerce.number().int().min(0).max(10_000).optional().catch(undefined);

/** "Yes" on the new sign-in banner: that sign-in's row handle. */
export const confirmSignInInput = z.object({ handle: sessionHandleSchema });
