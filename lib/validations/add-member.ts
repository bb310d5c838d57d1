import { z } from "zod";
import { emailSchema, personNameSchema, roleSchema } from "./user-fields";

/** "Add member" on the Users tab: who they are and what they may do. */
export const addMemberSchema = z.object({ name: personNameSchema, email: emailSchema, role: roleSchema });

export type AddMemberInput = z.infer<typeof addMemberSchema>;
export type AddMemberField = keyof AddMemberInput;
