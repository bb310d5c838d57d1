// App instances as production runs them (the launcher, scripts/start.mjs, on a database of our
// choosing), for tests and tools that need more control than e2e/serve.mjs's two instances: the
// database-fault tests (e2e/faults.spec.ts) and the load test (bench/load.mjs). Plain
// JavaScript, so the load test runs under plain Node.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { childProcesses } from "../../scripts/launcher/processes.mjs";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Starts `node scripts/start.mjs` on `port` with `env` added (DATABASE_URL, AUTH_SECRET, …) and
 * resolves once /api/health answers 200. Its output goes to `onOutput` line by line.
 * @param {{ port: number, env: Record<string, string>, onOutput?: (line: string) => void, timeoutMs?: number }} options
 */
export async function startInstance({ port, env, onOutput, timeoutMs = 240_000 }) {
  const child = spawn(process.execPath, [path.join(ROOT, "scripts/start.mjs")], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env, PORT: String(port) },
  });
  let exited = null;
  child.once("exit", (code, signal) => (exited = signal ?? code));
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk) => {
      const lines = (buffered + chunk).split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) onOutput?.(line);
    });
  }
  const instance = {
    port,
    pid: child.pid,
    baseUrl: `http://127.0.0.1:${port}`,
    /** null while it runs; its exit code or signal once it has exited. */
    exited: () => exited,
    /** Resident memory of the instance, in MB: its server process, and with the launcher beside it. */
    rssMb: () => instanceMemory(child.pid),
    async stop() {
      if (exited !== null) return;
      const done = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await done;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== null) throw new Error(`the instance on port ${port} exited (${exited}) before it was ready`);
    try {
      if ((await fetch(`${instance.baseUrl}/api/health`)).ok) return instance;
    } catch {}
    if (Date.now() > deadline) {
      await instance.stop();
      throw new Error(`the instance on port ${port} was not ready within ${timeoutMs / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** VmRSS of a process, in MB (Linux /proc). */
function residentMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 1024);
}

/** The server process a launcher started (scripts/serve.mjs, its child), if it runs. */
export function serverProcess(launcherPid) {
  // The whole command line: commandLine() shortens it for messages.
  return childProcesses(launcherPid).find((pid) => readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("scripts/serve.mjs"));
}

/** The launcher's resident memory and its server process's, in MB. */
function instanceMemory(launcherPid) {
  const server = serverProcess(launcherPid);
  const launcher = residentMb(launcherPid);
  const serverMb = server ? residentMb(server) : NaN;
  return { server: serverMb, total: launcher + (server ? serverMb : 0) };
}

/**
 * Signs in as a script does (next-auth's CSRF token, then the credentials callback). Resolves to
 * the session cookie ("name=value") when signed in, else null, with the callback's status and
 * next-auth's error code or the API's error message when there was one.
 * @param {string} baseUrl
 * @param {string} email
 * @param {string} password
 * @returns {Promise<{ cookie: string | null, status: number, error: string | null }>}
 */
export async function signIn(baseUrl, email, password) {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  if (!csrf.ok) return { cookie: null, status: csrf.status, error: null };
  const { csrfToken } = await csrf.json();
  const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie, origin: new URL(baseUrl).origin },
    body: new URLSearchParams({ email, password, csrfToken, json: "true" }),
  });
  const text = await res.text();
  let error = null;
  try {
    const body = JSON.parse(text);
    error = body.error ?? (body.url ? new URL(body.url, baseUrl).searchParams.get("error") : null);
  } catch {}
  const session = res.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => /^(__Secure-|__Host-)?bb\.session=./.test(c));
  return { cookie: res.status === 200 && session && !error ? session : null, status: res.status, error };
}

/** The process ids of a PostgreSQL server: its postmaster (from postmaster.pid) and every child of it. */
export function postgresProcesses(dataDir) {
  const postmaster = Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  return [postmaster, ...childProcesses(postmaster)];
}
