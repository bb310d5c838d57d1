// The admin CLI's commands: each one names its options, validates them with zod (the same field
// schemas as the Users tab) and runs on the same store code as the app (lib/users/). Adding a
// command is adding an entry to COMMANDS.
import { z } from "zod";
import type { Role } from "@/lib/db/generated/client";
import { findAccount, findUserByEmail, listAccounts, listUsers, type DirectoryUser } from "@/lib/users/directory";
import {
  addMember,
  changeMemberRole,
  createAccountWithOwner,
  deactivateMember,
  reactivateMember,
  resetMemberPassword,
} from "@/lib/users/provisioning";
import { ROLE_LABEL } from "@/lib/users/roles";
import { createStaff, deactivateStaff, reactivateStaff, resetStaffPassword } from "@/lib/users/staff";
import { weakPasswordReason } from "@/lib/validations/change-password";
import { accountNameSchema, emailSchema, personNameSchema, ROLES } from "@/lib/validations/user-fields";
import { refused, usageError } from "./errors";

export type OptionSpec = {
  type: "string" | "boolean";
  /** Shown in help: --email <value>. */
  value?: string;
  description: string;
  /** A string option that may be left out (boolean options always may). */
  optional?: boolean;
};

/** What a command prints: lines for people, an object for --json. */
export type Output = { lines: string[]; json: Record<string, unknown> };

export type CommandContext = {
  /** The password piped to stdin (--password-stdin), checked against the same rules as the Password tab. */
  readPassword: (forUser: { email: string; name: string }) => Promise<string>;
};

export type Command = {
  name: string;
  summary: string;
  description: string[];
  options: Record<string, OptionSpec>;
  examples: string[];
  /** Validates the options (a usage error if they are wrong) and returns the command, ready to run. */
  prepare: (values: Record<string, string | boolean | undefined>) => (context: CommandContext) => Promise<Output>;
};

type Definition<S extends z.ZodType> = Omit<Command, "prepare"> & {
  schema: S;
  run: (input: z.output<S>, context: CommandContext) => Promise<Output>;
};

/** Validates the parsed options with the command's schema; a problem is a usage error naming the option. */
function defineCommand<S extends z.ZodType>({ schema, run, ...rest }: Definition<S>): Command {
  return {
    ...rest,
    prepare: (values) => {
      const parsed = schema.safeParse(values);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => {
          const option = String(issue.path[0] ?? "");
          const missing = option && values[option] === undefined;
          return `  --${option}: ${missing ? "required" : issue.message}`;
        });
        throw usageError(`Invalid options for ${rest.name}:\n${[...new Set(problems)].join("\n")}\nSee: npm run admin -- ${rest.name} --help`);
      }
      return (context) => run(parsed.data, context);
    },
  };
}

// ---- shared options and wording --------------------------------------------------------------

const ROLE_NAMES: Record<Role, string> = { USER: "user", BILLING_MANAGER: "billing-manager", ACCOUNT_OWNER: "account-owner", SUPPORT: "support" };

/** --role user | billing-manager | account-owner (the enum's own spelling works too). */
const roleOption = z
  .string()
  .transform((value) => value.trim().toUpperCase().replaceAll("-", "_"))
  .pipe(z.enum(ROLES, { message: `must be one of ${ROLES.map((r) => ROLE_NAMES[r]).join(", ")}` }));

const passwordStdin = z.boolean().default(false);

const accountIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "not an account id (see list-accounts)");

const OPTION = {
  email: { type: "string", value: "email", description: "the user's e-mail address" },
  name: { type: "string", value: "name", description: "the user's full name" },
  role: { type: "string", value: "role", description: `${Object.values(ROLE_NAMES).join(" | ")}` },
  account: { type: "string", value: "account id", description: "the account's id (see list-accounts)" },
  passwordStdin: {
    type: "boolean",
    description: "read the password from stdin instead of generating a one-time password (no change required at sign-in)",
  },
} satisfies Record<string, OptionSpec>;

const describeUser = (u: { name: string; email: string }) => `${u.name} <${u.email}>`;

/** The lines that hand over a password: a generated one is printed once, a piped one never. */
function passwordLines(oneTimePassword: string | null, who: string): string[] {
  if (!oneTimePassword) return ["Password: as piped to stdin (not shown). No change is required at sign-in."];
  return [
    "",
    `  One-time password: ${oneTimePassword}`,
    "",
    `It is shown only this once. ${who} signs in with it and must then choose their own password.`,
  ];
}

const noSuchUser = (email: string) => refused(`No user with the e-mail address ${email}. List them with: npm run admin -- list-users`);

type MemberUser = DirectoryUser & { accountId: string; accountName: string };
type FoundUser = { staff: true; user: DirectoryUser } | { staff: false; user: MemberUser };

/** The user with this e-mail address: a member of a customer account, or Broker Buddha staff. */
async function userByEmail(email: string): Promise<FoundUser> {
  const user = await findUserByEmail(email);
  if (!user) throw noSuchUser(email);
  if (user.role === "SUPPORT" || user.accountId === null || user.accountName === null) return { staff: true, user };
  return { staff: false, user: user as MemberUser };
}

/** A member of a customer account with this e-mail address; staff are refused (they have no account role to change). */
async function memberByEmail(email: string): Promise<MemberUser> {
  const found = await userByEmail(email);
  if (found.staff) throw refused(`${describeUser(found.user)} is Broker Buddha staff, not a member of a customer account.`);
  return found.user;
}

const lastOwnerError = (user: DirectoryUser) =>
  refused(`${describeUser(user)} is the last active Account Owner of "${user.accountName}": make someone else Account Owner first.`);

/** Rows as aligned columns. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

const userJson = (u: { id: string; accountId: string | null; email: string; name: string; role: Role; deactivatedAt: Date | null }) => ({
  id: u.id,
  accountId: u.accountId,
  email: u.email,
  name: u.name,
  role: ROLE_NAMES[u.role],
  deactivated: !!u.deactivatedAt,
});

// ---- the commands ------------------------------------------------------------------------------

const createAccount = defineCommand({
  name: "create-account",
  summary: "Create a customer account with its first Account Owner",
  description: ["Without --password-stdin the owner gets a one-time password, printed once, which they must change at first sign-in."],
  options: {
    name: { type: "string", value: "account name", description: "the account's (company's) name" },
    "owner-name": { type: "string", value: "name", description: "the Account Owner's full name" },
    "owner-email": { type: "string", value: "email", description: "the Account Owner's e-mail address (their sign-in)" },
    "password-stdin": OPTION.passwordStdin,
  },
  examples: ['npm run admin -- create-account --name "Acme Brokers" --owner-name "Ada Lovelace" --owner-email ada@acme.example'],
  schema: z.object({ name: accountNameSchema, "owner-name": personNameSchema, "owner-email": emailSchema, "password-stdin": passwordStdin }),
  async run(input, { readPassword }) {
    const owner = { name: input["owner-name"], email: input["owner-email"] };
    const password = input["password-stdin"] ? await readPassword(owner) : undefined;
    const result = await createAccountWithOwner({ accountName: input.name, owner }, password);
    if (!result.ok) throw refused(`A user with the e-mail address ${owner.email} already exists.`);
    return {
      lines: [`Created the account "${input.name}" (${result.accountId}).`, `Account Owner: ${describeUser(result.owner)}`, ...passwordLines(result.oneTimePassword, owner.name)],
      json: { accountId: result.accountId, accountName: input.name, owner: userJson(result.owner), oneTimePassword: result.oneTimePassword },
    };
  },
});

const addUser = defineCommand({
  name: "add-user",
  summary: "Add a user with a role to an account",
  description: ["Without --password-stdin the user gets a one-time password, printed once, which they must change at first sign-in."],
  options: { account: OPTION.account, name: OPTION.name, email: OPTION.email, role: OPTION.role, "password-stdin": OPTION.passwordStdin },
  examples: ["npm run admin -- add-user --account acct_… --name \"Grace Hopper\" --email grace@acme.example --role billing-manager"],
  schema: z.object({ account: accountIdSchema, name: personNameSchema, email: emailSchema, role: roleOption, "password-stdin": passwordStdin }),
  async run(input, { readPassword }) {
    const account = await findAccount(input.account);
    if (!account) throw refused(`No account with the id ${input.account}. List them with: npm run admin -- list-accounts`);
    const password = input["password-stdin"] ? await readPassword(input) : undefined;
    const result = await addMember(account.id, "operator", { name: input.name, email: input.email, role: input.role }, password);
    if (!result.ok) {
      if (result.reason === "email-taken") throw refused(`A user with the e-mail address ${input.email} already exists.`);
      throw refused(`No account with the id ${input.account}.`);
    }
    return {
      lines: [`Added ${describeUser(result.member)} to "${account.name}" as ${ROLE_LABEL[result.member.role]}.`, ...passwordLines(result.oneTimePassword, input.name)],
      json: { user: userJson(result.member), oneTimePassword: result.oneTimePassword },
    };
  },
});

const createStaffCommand = defineCommand({
  name: "create-staff",
  summary: "Create a Broker Buddha support engineer (staff: the support console, no customer account)",
  description: [
    "Staff sign in at /login like everyone and work in the support console (/support): they look sessions up by their full ID and may end them.",
    "Without --password-stdin they get a one-time password, printed once, which they must change at first sign-in.",
  ],
  options: { name: OPTION.name, email: OPTION.email, "password-stdin": OPTION.passwordStdin },
  examples: ['npm run admin -- create-staff --name "Sam Support" --email sam@brokerbuddha.example'],
  schema: z.object({ name: personNameSchema, email: emailSchema, "password-stdin": passwordStdin }),
  async run(input, { readPassword }) {
    const password = input["password-stdin"] ? await readPassword(input) : undefined;
    const result = await createStaff({ name: input.name, email: input.email }, password);
    if (!result.ok) throw refused(`A user with the e-mail address ${input.email} already exists.`);
    return {
      lines: [`Created ${describeUser(result.staff)} as Broker Buddha support (staff).`, ...passwordLines(result.oneTimePassword, input.name)],
      json: { user: userJson(result.staff), oneTimePassword: result.oneTimePassword },
    };
  },
});

const setRole = defineCommand({
  name: "set-role",
  summary: "Change a user's role",
  description: ["The change applies from the user's next request. An account always keeps an active Account Owner."],
  options: { email: OPTION.email, role: OPTION.role },
  examples: ["npm run admin -- set-role --email grace@acme.example --role account-owner"],
  schema: z.object({ email: emailSchema, role: roleOption }),
  async run(input) {
    const user = await memberByEmail(input.email);
    const result = await changeMemberRole(user.accountId, "operator", user.id, input.role);
    if (!result.ok) throw result.reason === "last-owner" ? lastOwnerError(user) : noSuchUser(input.email);
    const label = ROLE_LABEL[input.role];
    return {
      lines: [result.changed ? `${describeUser(user)} is now ${label} (was ${ROLE_LABEL[user.role]}).` : `${describeUser(user)} already is ${label}: nothing changed.`],
      json: { user: userJson(result.member), changed: result.changed },
    };
  },
});

const deactivate = defineCommand({
  name: "deactivate",
  summary: "Deactivate a user: all their sessions end at once and they can no longer sign in",
  description: [
    "Every session of the user ends now (reason: deactivated); each device is refused on its next request.",
    "An account always keeps an active Account Owner. Works for staff too. Undo with reactivate.",
  ],
  options: { email: OPTION.email },
  examples: ["npm run admin -- deactivate --email grace@acme.example"],
  schema: z.object({ email: emailSchema }),
  async run(input) {
    const { staff, user } = await userByEmail(input.email);
    const result = staff ? await deactivateStaff(user.id) : await deactivateMember(user.accountId, "operator", user.id);
    if (!result.ok) throw result.reason === "last-owner" ? lastOwnerError(user) : noSuchUser(input.email);
    const n = result.endedSessions;
    const changedUser = "staff" in result ? result.staff : result.member;
    return {
      lines: [result.changed ? `Deactivated ${describeUser(user)}: ${n} session${n === 1 ? "" : "s"} ended; they can no longer sign in.` : `${describeUser(user)} was already deactivated: nothing changed.`],
      json: { user: userJson(changedUser), changed: result.changed, endedSessions: n },
    };
  },
});

const reactivate = defineCommand({
  name: "reactivate",
  summary: "Let a deactivated user sign in again",
  description: ["They sign in with their password; consider reset-password too."],
  options: { email: OPTION.email },
  examples: ["npm run admin -- reactivate --email grace@acme.example"],
  schema: z.object({ email: emailSchema }),
  async run(input) {
    const { staff, user } = await userByEmail(input.email);
    const result = staff ? await reactivateStaff(user.id) : await reactivateMember(user.accountId, "operator", user.id);
    if (!result.ok) throw noSuchUser(input.email);
    return {
      lines: [result.changed ? `Reactivated ${describeUser(user)}: they can sign in again.` : `${describeUser(user)} is not deactivated: nothing changed.`],
      json: { user: userJson("staff" in result ? result.staff : result.member), changed: result.changed },
    };
  },
});

const resetPassword = defineCommand({
  name: "reset-password",
  summary: "Give a user a new password; all their sessions end at once",
  description: [
    "Every session of the user ends now (reason: password reset). Without --password-stdin they get a one-time password, printed once, and must choose their own at sign-in.",
    "Works for staff too.",
  ],
  options: { email: OPTION.email, "password-stdin": OPTION.passwordStdin },
  examples: ["npm run admin -- reset-password --email grace@acme.example", "printf '%s' \"$NEW_PASSWORD\" | npm run admin -- reset-password --email grace@acme.example --password-stdin"],
  schema: z.object({ email: emailSchema, "password-stdin": passwordStdin }),
  async run(input, { readPassword }) {
    const { staff, user } = await userByEmail(input.email);
    const password = input["password-stdin"] ? await readPassword(user) : undefined;
    const result = staff ? await resetStaffPassword(user.id, password) : await resetMemberPassword(user.accountId, "operator", user.id, password);
    if (!result.ok) throw noSuchUser(input.email);
    const n = result.endedSessions;
    return {
      lines: [
        `Reset the password of ${describeUser(user)}: ${n} session${n === 1 ? "" : "s"} ended.`,
        ...(user.deactivatedAt ? ["They are deactivated: reactivate them before they can sign in."] : []),
        ...passwordLines(result.oneTimePassword, user.name),
      ],
      json: { user: userJson("staff" in result ? result.staff : result.member), endedSessions: n, oneTimePassword: result.oneTimePassword },
    };
  },
});

const listAccountsCommand = defineCommand({
  name: "list-accounts",
  summary: "List every account",
  description: [],
  options: {},
  examples: ["npm run admin -- list-accounts"],
  schema: z.object({}),
  async run() {
    const accounts = await listAccounts();
    const rows = accounts.map((a) => [a.id, a.name, String(a.activeUsers), String(a.deactivatedUsers), a.createdAt.toISOString().slice(0, 10)]);
    return {
      lines: accounts.length ? table(["ID", "NAME", "USERS", "DEACTIVATED", "CREATED"], rows) : ["No accounts yet. Create one with: npm run admin -- create-account --help"],
      json: { accounts: accounts.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })) },
    };
  },
});

const listUsersCommand = defineCommand({
  name: "list-users",
  summary: "List the users of one account, or of every account and the staff",
  description: [],
  options: {
    account: { ...OPTION.account, description: "only this account's users", optional: true },
    staff: { type: "boolean", description: "only Broker Buddha staff (support engineers)" },
  },
  examples: ["npm run admin -- list-users --account acct_…", "npm run admin -- list-users --staff"],
  schema: z
    .object({ account: accountIdSchema.optional(), staff: z.boolean().default(false) })
    .refine((o) => !(o.account && o.staff), { message: "give either --account or --staff, not both", path: ["staff"] }),
  async run(input) {
    if (input.account && !(await findAccount(input.account))) throw refused(`No account with the id ${input.account}.`);
    const users = await listUsers(input.staff ? "staff" : input.account);
    const status = (u: DirectoryUser) => (u.deactivatedAt ? "deactivated" : u.mustChangePassword ? "must change password" : "active");
    const rows = users.map((u) => [u.email, u.name, ROLE_NAMES[u.role], status(u), u.accountId ?? "(staff)"]);
    return {
      lines: users.length ? table(["EMAIL", "NAME", "ROLE", "STATUS", "ACCOUNT"], rows) : ["No users."],
      json: { users: users.map((u) => ({ ...userJson(u), accountName: u.accountName, mustChangePassword: u.mustChangePassword })) },
    };
  },
});

export const COMMANDS: Command[] = [createAccount, addUser, createStaffCommand, setRole, deactivate, reactivate, resetPassword, listAccountsCommand, listUsersCommand];

export function checkPassword(password: string, forUser: { email: string; name: string }): string {
  const weak = weakPasswordReason(password, forUser);
  if (weak) throw usageError(`The password on stdin is too weak: ${weak}`);
  return password;
}
