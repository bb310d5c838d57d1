import { z } from "zod";
import { memberIdSchema } from "./member-id";
import { sessionHandleSchema } from "./session-id";

/**
 * "End session" (one row, by its handle) or "End all sessions" (no handle) for a member, from
 * /settings/users/[userId]. An empty handle field means "all".
 */
export const endMemberSessionsSchema = z.object({
  memberId: memberIdSchema,
  handle: z.preprocess((value) => (value === "" || value === null ? undefined : value), sessionHandleSchema.optional()),
});

export type EndMemberSessionsInput = z.infer<typeof endMemberSessionsSchema>;
