import { z } from "zod";

// The Password tab's form. The same schema checks the fields on the server; the rules follow
// NIST SP 800-63B: length over composition, and no password that is trivially guessable from
// what an attacker already knows (the e-mail, the name, the current password).

import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password-rules";

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH };

// A few of the most common long passwords; a full breach corpus would belong in a service.
const COMMON = new Set([
  "123456789012", "1234567890123", "12345678901234", "qwertyuiopasdf", "qwertyuiop12", "password1234",
  "password12345", "passwordpassword", "iloveyou1234", "aaaaaaaaaaaa", "abcdefghijkl", "letmein12345",
  "welcome12345", "administrator", "changeme1234", "brokerbuddha", "broker-buddha", "buddha-demo-2026",
]);

/** What the user typed, as the form sends it. The checkbox is absent when unchecked. */
const fields = z.object({
  currentPassword: z.string().min(1, "Enter your current password.").max(256, "That is not your current password."),
  newPassword: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
    .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`),
  confirmPassword: z.string().max(256),
  signOutOthers: z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean()),
});

export type ChangePasswordField = keyof z.infer<typeof fields>;

/** The schema for one user: the new password must not be made of who they are. */
export function changePasswordSchema(user: { email: string; name: string }) {
  const email = user.email.toLowerCase();
  const localPart = email.split("@")[0] ?? "";
  const nameParts = user.name.toLowerCase().split(/\s+/).filter((part) => part.length >= 4);
  return fields.superRefine((value, ctx) => {
    const next = value.newPassword;
    const lower = next.toLowerCase();
    const issue = (path: ChangePasswordField, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (next.length >= PASSWORD_MIN_LENGTH) {
      if (lower.includes(email) || (localPart.length >= 4 && lower.includes(localPart))) {
        issue("newPassword", "Don't use your email address in your password.");
      } else if (nameParts.some((part) => lower.includes(part))) {
        issue("newPassword", "Don't use your name in your password.");
      } else if (new Set(next).size < 5) {
        issue("newPassword", "Use more different characters: this one repeats too much.");
      } else if (COMMON.has(lower)) {
        issue("newPassword", "That password is too common. Choose something less predictable.");
      } else if (next === value.currentPassword) {
        issue("newPassword", "Choose a password different from your current one.");
      }
    }
    if (value.confirmPassword !== next) issue("confirmPassword", "The passwords don't match.");
  });
}

export type ChangePasswordInput = z.infer<ReturnType<typeof changePasswordSchema>>;
