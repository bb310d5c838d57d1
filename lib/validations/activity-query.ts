import { z } from "zod";
import { historyPageSchema } from "./history-page";
import { memberIdSchema } from "./member-id";

/** A page of security activity (?activity= on My Sessions, ?page= on Activity and the API): a positive whole number, 1 when absent. */
export const activityPageSchema = historyPageSchema;

/** ?member= on the Activity tab and its CSV: one member's events, or everyone's when empty or absent. */
export const activityMemberSchema = z
  .union([z.literal(""), memberIdSchema])
  .optional()
  .transform((id) => id || null);
