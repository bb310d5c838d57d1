import { z } from "zod";
import { memberIdSchema } from "./member-id";

/** "Deactivate" a member, after the confirm dialog: an explicit confirmation, so a stray POST does nothing. */
export const deactivateMemberSchema = z.object({ memberId: memberIdSchema, confirm: z.literal("yes") });
