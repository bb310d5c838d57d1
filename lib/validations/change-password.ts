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

/**
 * Why `password` would be a weak password for this user, or null: too short or too long, made of
 * who they are, too repetitive or too common. The Password tab and the admin CLI's
 * --password-stdin both ask this.
 */
export function weakPasswordReason(password: string, user: { email: string; name: string }): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  const email = user.email.toLowerCase();
  const localPart = email.split("@")[0] ?? "";
  const nameParts = user.name.toLowerCase().split(/\s+/).filter((part) => part.length >= 4);
  const lower = password.toLowerCase();
  if (lower.includes(email) || (localPart.length >= 4 && lower.includes(localPart))) return "Don't use your email address in your password.";
  if (nameParts.some((part) => lower.includes(part))) return "Don't use your name in your password.";
  if (new Set(password).size < 5) return "Use more different characters: this one repeats too much.";
  if (COMMON.has(lower)) return "That password is too common. Choose something less predictable.";
  return null;
}

/** The schema for one user: the new password must not be made of who they are. */
export function changePasswordSchema(user: { email: string; name: string }) {
  return fields.superRefine((value, ctx) => {
    const next = value.newPassword;
    const issue = (path: ChangePasswordField, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    // Length problems are already reported by the field's own rules.
    if (next.length >= PASSWORD_MIN_LENGTH && next.length <= PASSWORD_MAX_LENGTH) {
      const weak = weakPasswordReason(next, user);
      if (weak) issue("newPassword", weak);
      else if (next === value.currentPassword) issue("newPassword", "Choose a password different from your current one.");
    }
    if (value.confirmPassword !== next) issue("confirmPassword", "The passwords don't match.");
  });
}

export type ChangePasswordInput = z.infer<ReturnType<typeof changePasswordSchema>>;
