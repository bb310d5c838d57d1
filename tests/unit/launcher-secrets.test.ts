import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { persistedSecret, SecretFileError } from "../../scripts/launcher/secrets.mjs";

// The secrets the launcher keeps in the data folder: made once, atomically, never overwritten;
// a damaged one stops the launcher with what to do rather than being replaced or half-used.

const secretsModule = path.resolve("scripts/launcher/secrets.mjs");
const hint = "Restore it from a backup.";
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "bb-secrets-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs persistedSecret in another process, starting at `at` (ms since the epoch). */
function createInChild(file: string, at: number): Promise<string> {
  const code = `
    const { persistedSecret } = await import(${JSON.stringify(secretsModule)});
    while (Date.now() < ${at}) {}
    process.stdout.write(persistedSecret(${JSON.stringify(file)}, { bytes: 48, damaged: "" }));`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk));
  return new Promise((resolve, reject) => child.on("exit", (status) => (status === 0 ? resolve(out) : reject(new Error(`child exited with ${status}`)))));
}

describe("persistedSecret", () => {
  it("creates a random secret readable only by its owner, then always returns it unchanged", () => {
    const file = path.join(dir, "auth-secret");
    const value = persistedSecret(file, { bytes: 48, damaged: hint });
    expect(value).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(readFileSync(file, "utf8")).toBe(`${value}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(persistedSecret(file, { bytes: 48, damaged: hint })).toBe(value);
    expect(readFileSync(file, "utf8")).toBe(`${value}\n`);
    expect(readdirSync(dir)).toEqual(["auth-secret"]); // no temporary file left behind
  });

  it("gives every one of several launchers starting at once the same secret", async () => {
    const file = path.join(dir, "auth-secret");
    const at = Date.now() + 1_500;
    const values = await Promise.all(Array.from({ length: 8 }, () => createInChild(file, at)));
    const stored = readFileSync(file, "utf8").trim();
    for (const value of values) expect(value).toBe(stored);
    expect(readdirSync(dir)).toEqual(["auth-secret"]);
  });

  it("refuses an empty or damaged file, saying which and what to do, and leaves it as it is", () => {
    const file = path.join(dir, "postgres-password");
    for (const [content, word] of [["", "empty"], ["\n", "empty"], ["\0".repeat(33), "damaged"], ["short\n", "damaged"], ["two words but long enough to pass\n", "damaged"]] as const) {
      writeFileSync(file, content);
      let error: unknown;
      try {
        persistedSecret(file, { bytes: 24, damaged: hint });
      } catch (caught) {
        error = caught;
      }
      expect(error, JSON.stringify(content)).toBeInstanceOf(SecretFileError);
      expect((error as Error).message).toBe(`${file} is ${word}: it should hold one line of at least 32 characters. ${hint}`);
      expect(readFileSync(file, "utf8")).toBe(content);
    }
  });

  it("accepts a secret someone wrote by hand without a final newline", () => {
    const file = path.join(dir, "auth-secret");
    writeFileSync(file, "x".repeat(40));
    expect(persistedSecret(file, { bytes: 48, damaged: hint })).toBe("x".repeat(40));
  });

  it("does not make a new one where it may not (a database made with the lost one)", () => {
    const file = path.join(dir, "postgres-password");
    expect(() => persistedSecret(file, { bytes: 24, create: false, damaged: hint, missing: hint })).toThrow(`${file} is missing. ${hint}`);
    expect(readdirSync(dir)).toEqual([]);
  });
});
