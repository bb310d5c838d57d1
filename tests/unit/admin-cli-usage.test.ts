import { describe, expect, it } from "vitest";
import { admin as run } from "../helpers/admin-cli";

// The admin CLI's usage: help, refusals of passwords on the command line, option errors. None of
// it reaches a database, so it runs once here; what the commands do to a database is in
// tests/integration/admin-cli.test.ts, on both PostgreSQL servers.

const unique = () => Math.random().toString(36).slice(2, 10);

// A database that cannot be reached: a command that touched one would exit 3, not 2.
const admin = (args: string[], options: { env?: Record<string, string | undefined> } = {}) =>
  run(args, { env: { DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none", ...options.env } });

describe("admin CLI usage", () => {
  it("--help lists every command and the exit codes; each command has its own --help; no database needed", async () => {
    const help = await admin(["--help"], { env: { DATABASE_URL: undefined, DATA_DIR: "/nonexistent" } });
    expect(help.code).toBe(0);
    for (const command of ["create-account", "add-user", "create-staff", "set-role", "deactivate", "reactivate", "reset-password", "list-accounts", "list-users"]) {
      expect(help.stdout).toContain(command);
    }
    expect(help.stdout).toMatch(/Exit codes: 0 done; 1 refused/);
    const one = await admin(["reset-password", "--help"], { env: { DATABASE_URL: undefined, DATA_DIR: "/nonexistent" } });
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^Usage: npm run admin -- reset-password --email <email> \[--password-stdin\]/);
    expect(one.stdout).toContain("--password-stdin");
    expect((await admin(["help", "deactivate"])).stdout).toMatch(/^Usage: npm run admin -- deactivate --email <email>/);
    const none = await admin([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Commands:");
  }, 60_000);

  it("a password on the command line is refused, whatever its spelling, and never echoed", async () => {
    const secret = "hunter2-on-argv";
    for (const args of [
      ["create-account", "--name", "X", "--owner-name", "X Y", "--owner-email", `x-${unique()}@acme.example`, "--password", secret],
      ["create-account", "--name", "X", "--owner-name", "X Y", "--owner-email", `x-${unique()}@acme.example`, `--password=${secret}`],
      ["reset-password", "--email", "someone@acme.example", "-p", secret],
      ["reset-password", "--email", "someone@acme.example", "--new-password", secret],
    ]) {
      const run = await admin(args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(/^error: Passwords are never taken from the command line/);
      expect(run.stdout + run.stderr).not.toContain(secret);
    }
    
  }, 60_000);

  it("invalid options are usage errors that name the option, and change nothing", async () => {
    const cases: [string[], RegExp][] = [
      [["create-account", "--name", "X", "--owner-name", "X", "--owner-email", "not-an-email"], /--owner-email: Enter a valid email address\./],
      [["create-account", "--name", "X", "--owner-email", "x@acme.example"], /--owner-name: required/],
      [["add-user", "--account", "acct_x", "--name", "N", "--email", "n@acme.example", "--role", "admin"], /--role: must be one of user, billing-manager, account-owner/],
      [["create-staff", "--name", "Sam Support"], /--email: required/],
      [["set-role", "--email", "a@acme.example", "--role", "user", "--force"], /Unknown option '--force'/],
      [["deactivate", "a@acme.example"], /Unexpected argument 'a@acme.example'/],
      [["frobnicate"], /Unknown command "frobnicate"/],
    ];
    for (const [args, message] of cases) {
      const run = await admin(args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    
  }, 90_000);

});
