import { z } from "zod";
import { SESSION_ID_PATTERN } from "@/lib/sessions/ids";

// The support console's inputs (its Server Actions and GET/DELETE /api/support/sessions/{id}).

/** What a malformed session ID is told: what a session ID looks like, nothing about any session. */
export const NOT_A_SESSION_ID = "That is not a session ID: a session ID is 32 characters of letters, digits, - and _.";

/** A full session ID, exactly as the user read it out (surrounding spaces from a paste are dropped). */
export const supportSessionIdSchema = z.string().trim().regex(SESSION_ID_PATTERN, NOT_A_SESSION_ID);

/** The reason a support engineer ends a session: required, shown to the user. */
export const supportNoteSchema = z
  .string({ message: "Write why you are ending this session: the user will read it." })
  .trim()
  .min(1, "Write why you are ending this session: the user will read it.")
  .max(500, "Keep the note to 500 characters or fewer.");

/** The console's lookup form. */
export const supportLookupInput = z.object({ sessionId: supportSessionIdSchema });

/** The console's "End session" form: the session looked up, and the note. */
export const supportEndInput = z.object({ sessionId: supportSessionIdSchema, reason: supportNoteSchema });

/** DELETE /api/support/sessions/{id}: the body. */
export const supportEndBody = z.object({ reason: supportNoteSchema });
