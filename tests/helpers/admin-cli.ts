import { spawn } from "node:child_process";
import path from "node:path";
import { Readable } from "node:stream";
import { runAdmin } from "../../scripts/admin/cli";

// The admin CLI (`npm run admin -- …`): spawned as an operator runs it (`admin`), or run in this
// process through the same entry (`adminHere`) on the test's own database, which is what most
// tests need and costs a fraction of a new Node process each time.

const ROOT = process.cwd();

export type Run = { code: number | null; stdout: string; stderr: string };

export function admin(args: string[], options: { stdin?: string; env?: Record<string, string | undefined> } = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "scripts/admin.ts"), ...args], {
      cwd: ROOT,
      env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? "");
  });
}

/** The CLI's own entry (scripts/admin/cli.ts runAdmin), run here against this process's DATABASE_URL. */
export async function adminHere(args: string[], options: { stdin?: string } = {}): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdmin(args, {
    env: { ...process.env },
    root: ROOT,
    stdin: Readable.from([options.stdin ?? ""]),
    out: (text) => out.push(`${text}\n`),
    err: (text) => err.push(`${text}\n`),
    keepDatabaseOpen: true,
  });
  return { code, stdout: out.join(""), stderr: err.join("") };
}
