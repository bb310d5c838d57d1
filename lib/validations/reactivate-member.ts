import { z } from "zod";
import { memberIdSchema } from "./member-id";

/** "Reactivate" a deactivated member on the Users tab. */
export const reactivateMemberSchema = z.object({ memberId: memberIdSchema });
