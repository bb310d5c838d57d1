import { z } from "zod";

/** The sign-in form's fields (next-auth's Credentials `email` and `password`). */
export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address.").max(254),
  password: z.string().min(1, "Enter your password.").max(256),
});
