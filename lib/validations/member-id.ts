import { z } from "zod";

/** A user id as it appears in /settings/users/[userId] and the Users tab's forms. */
export const memberIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Not a member.");
