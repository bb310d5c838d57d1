// The admin CLI's frame: help, argument parsing (node:util's parseArgs, strict), the refusal of
// passwords on the command line, finding and checking the database, running one command, and
// turning every failure into one plain line on stderr and an exit code (never a stack trace,
// never the database password).
import path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { getConfig } from "@/lib/config";
import { getDb, getPool } from "@/lib/db/client";
import { readMigrations } from "@/lib/db/migrate";
import { checkPassword, COMMANDS, type Command } from "./commands";
import { redactMessage, redactUrl, resolveDatabase, useDatabase, type DatabaseTarget } from "./database";
import { CliError, EXIT, usageError, type ExitCode } from "./errors";
import { readPasswordFromStdin } from "./password-input";

export type Io = {
  env: NodeJS.ProcessEnv;
  /** The app's folder (prisma/migrations, the default data folder). */
  root: string;
  stdin: NodeJS.ReadableStream;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Leave the process's database pool open when done (a caller that goes on using it: tests). */
  keepDatabaseOpen?: boolean;
};

const RUN = "npm run admin --";

const GLOBAL_OPTIONS = {
  json: { type: "boolean", description: "print the result as JSON" },
  help: { type: "boolean", description: "show this help" },
} as const;

function globalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `Usage: ${RUN} <command> [options]`,
    "",
    "Manages the accounts and users of Broker Buddha AI, and its support staff, directly in its",
    "database, with the same rules as the app's Users tab.",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    `Run \`${RUN} <command> --help\` for a command's options. Every command also takes --json.`,
    "",
    "Passwords are never taken from the command line. A new password is generated, printed once,",
    "and must be changed at first sign-in; or piped in with --password-stdin.",
    "",
    "Database: DATABASE_URL; when it is not set, the embedded database of a running `npm start`",
    "in this folder (DATA_DIR, default .data).",
    "",
    "Exit codes: 0 done; 1 refused or failed (no such account or user, e-mail address taken, last",
    "Account Owner); 2 usage error; 3 database unreachable, not migrated, or invalid configuration.",
  ].join("\n");
}

function commandHelp(command: Command): string {
  const flag = (name: string, spec: { type: string; value?: string }) => `--${name}${spec.type === "string" ? ` <${spec.value ?? "value"}>` : ""}`;
  const all = { ...command.options, ...GLOBAL_OPTIONS };
  const usage = Object.entries(command.options).map(([name, spec]) => (spec.type === "boolean" || spec.optional ? `[${flag(name, spec)}]` : flag(name, spec)));
  const rows = Object.entries(all).map(([name, spec]) => [name === "help" ? "-h, --help" : flag(name, spec), spec.description] as const);
  const width = Math.max(...rows.map(([f]) => f.length));
  return [
    `Usage: ${RUN} ${command.name} ${usage.join(" ")}`.trimEnd(),
    "",
    `${command.summary}.`,
    ...command.description,
    "",
    "Options:",
    ...rows.map(([f, d]) => `  ${f.padEnd(width)}  ${d}`),
    ...(command.examples.length ? ["", command.examples.length === 1 ? "Example:" : "Examples:", ...command.examples.map((e) => `  ${e}`)] : []),
  ].join("\n");
}

/** Anything that looks like a password option, except --password-stdin. */
function refusePasswordArguments(argv: string[]): void {
  for (const arg of argv) {
    const name = /^--?([^=]+)/.exec(arg)?.[1]?.toLowerCase();
    if (!name || name === "password-stdin") continue;
    if (name === "p" || name === "pw" || name.includes("pass")) {
      throw usageError(
        "Passwords are never taken from the command line (shell history and `ps` would keep them).\n" +
          "Leave the password out to generate a one-time password, or pipe one in with --password-stdin.",
      );
    }
  }
}

function parseOptions(command: Command, args: string[]) {
  const options: ParseArgsConfig["options"] = { help: { type: "boolean", short: "h" }, json: { type: "boolean" } };
  for (const [name, spec] of Object.entries(command.options)) options[name] = { type: spec.type };
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
  } catch (error) {
    const message = (error as Error).message.split(". ")[0]!.replace(/\.$/, "");
    throw usageError(`${message}.\nSee: ${RUN} ${command.name} --help`);
  }
}

/** The database must answer and carry every migration of this version before anything is read or written. */
async function checkDatabase(target: DatabaseTarget, root: string): Promise<void> {
  try {
    getConfig();
  } catch (error) {
    throw new CliError(EXIT.unavailable, redactMessage((error as Error).message.replace(/\n\s*/g, " "), target.url));
  }
  let applied: Set<string>;
  try {
    const { rows } = await getPool().query<{ migration_name: string }>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
    applied = new Set(rows.map((r) => r.migration_name));
  } catch (error) {
    if ((error as { code?: string }).code === "42P01") {
      throw new CliError(EXIT.unavailable, "The database has no tables yet: start the app once (it applies the migrations), then run this again.");
    }
    const where = target.source === "embedded" ? "the embedded database of `npm start`" : `the database at ${redactUrl(target.url)}`;
    throw new CliError(EXIT.unavailable, `Cannot reach ${where}: ${redactMessage((error as Error).message, target.url)}`);
  }
  const pending = (await readMigrations(path.join(root, "prisma", "migrations"))).filter((m) => !applied.has(m.name));
  if (pending.length > 0) {
    throw new CliError(
      EXIT.unavailable,
      `The database lacks ${pending.length} migration(s) of this version (${pending.map((m) => m.name).join(", ")}): start this version of the app once (it applies them), then run this again.`,
    );
  }
}

async function closeDatabase(): Promise<void> {
  try {
    await getDb().$disconnect();
    await getPool().end();
  } catch {
    // Nothing was opened (or it is already closed).
  }
}

async function run(argv: string[], io: Io): Promise<ExitCode> {
  refusePasswordArguments(argv);
  const [name, ...args] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    const about = name === "help" && args[0] ? COMMANDS.find((c) => c.name === args[0]) : undefined;
    if (name === "help" && args[0] && !about) throw usageError(`Unknown command "${args[0]}".\nSee: ${RUN} --help`);
    (name ? io.out : io.err)(about ? commandHelp(about) : globalHelp());
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw usageError(`Unknown command "${name}". Commands: ${COMMANDS.map((c) => c.name).join(", ")}.\nSee: ${RUN} --help`);
  const values = parseOptions(command, args);
  if (values.help) {
    io.out(commandHelp(command));
    return EXIT.ok;
  }
  const { json, help: _help, ...options } = values;
  const runCommand = command.prepare(options);

  const target = resolveDatabase(io.env, io.root);
  useDatabase(target, io.env);
  try {
    await checkDatabase(target, io.root);
    const output = await runCommand({
      readPassword: async (forUser) => checkPassword(await readPasswordFromStdin(io.stdin), forUser),
    });
    io.out(json ? JSON.stringify(output.json, null, 2) : output.lines.join("\n"));
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CliError) throw error;
    // Unexpected: one line, with anything that looks like a connection string redacted.
    throw new CliError(EXIT.refused, `${command.name} failed: ${redactMessage((error as Error)?.message ?? String(error), target.url)}`);
  } finally {
    if (!io.keepDatabaseOpen) await closeDatabase();
  }
}

/** Runs the CLI; returns its exit code. Never throws. */
export async function runAdmin(argv: string[], io: Io): Promise<ExitCode> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`error: ${error.message}`);
      return error.exitCode;
    }
    io.err(`error: ${redactMessage((error as Error)?.message ?? String(error), io.env.DATABASE_URL)}`);
    return EXIT.refused;
  }
}
