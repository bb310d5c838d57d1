// `npm run admin -- <command> [options]`: manage accounts and users from a shell (create an
// account with its Account Owner, add users, change roles, deactivate, reset passwords). Runs on
// the app's own store code (lib/users/) with `--conditions=react-server`, like the launcher runs
// db-setup.ts. `npm run admin -- --help` lists the commands; scripts/admin/ holds the pieces.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runAdmin } from "./admin/cli";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

process.exitCode = await runAdmin(process.argv.slice(2), {
  env: process.env,
  root,
  stdin: process.stdin,
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
});
