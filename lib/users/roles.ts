import type { Role } from "@/lib/db/generated/enums";

// The roles of an account, in words: the Users tab, its actions and the admin CLI say the same.

export const ROLE_LABEL: Record<Role, string> = { USER: "User", BILLING_MANAGER: "Billing Manager", ACCOUNT_OWNER: "Account Owner", SUPPORT: "Broker Buddha support" };

/** The roles of a customer account's members; SUPPORT is Broker Buddha's own staff, in no account. */
export type CustomerRole = Exclude<Role, "SUPPORT">;

/** What each role may do here, for the role pickers; the most powerful first. */
export const ROLE_CHOICES: { role: Role; description: string }[] = [
  { role: "ACCOUNT_OWNER", description: "Adds and removes members, changes roles and ends anyone's sessions." },
  { role: "BILLING_MANAGER", description: "Manages billing. Sees the member list and their own sessions." },
  { role: "USER", description: "Uses the product. Sees the member list and their own sessions." },
];
