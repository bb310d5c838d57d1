import { z } from "zod";
import { memberIdSchema } from "./member-id";
import { roleSchema } from "./user-fields";

/** "Change role" of a member on the Users tab. */
export const changeMemberRoleSchema = z.object({ memberId: memberIdSchema, role: roleSchema });
