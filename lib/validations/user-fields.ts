import { z } from "zod";

// The fields that describe a person and their place in an account, shared by the Users tab's
// forms and the admin CLI (scripts/admin.ts), so both accept exactly the same values.

const printable = /^[^\p{Cc}\p{Cf}]*$/u;

/** Stored lower-cased: e-mail addresses are unique regardless of case. */
export const emailSchema = z.string().trim().toLowerCase().max(254, "Use at most 254 characters.").email("Enter a valid email address.");

export const personNameSchema = z
  .string()
  .trim()
  .min(1, "Enter their name.")
  .max(100, "Use at most 100 characters.")
  .regex(printable, "Use letters, spaces and punctuation only.");

export const accountNameSchema = z
  .string()
  .trim()
  .min(1, "Enter the account's name.")
  .max(100, "Use at most 100 characters.")
  .regex(printable, "Use letters, spaces and punctuation only.");

export const ROLES = ["USER", "BILLING_MANAGER", "ACCOUNT_OWNER"] as const;
export const roleSchema = z.enum(ROLES, { message: "Choose a role." });
