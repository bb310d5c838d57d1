// Secrets the launcher generates into the data folder (auth-secret, postgres-password): created
// once, atomically, and never overwritten, because replacing one signs everybody out or locks the
// launcher out of its own database. A damaged one stops the launcher with what to do about it.
import { randomBytes } from "node:crypto";
import { createFileOnce, readIfExists } from "./files.mjs";

/** One line of at least 32 printable characters: what the launcher writes, and what AUTH_SECRET needs. */
const WELL_FORMED = /^[\x21-\x7e]{32,}$/;

export class SecretFileError extends Error {}

/** The secret in `file`, or null when there is none yet. */
export function readSecret(file, { damaged }) {
  const text = readIfExists(file);
  if (text === null) return null;
  const value = text.trim();
  if (!WELL_FORMED.test(value)) {
    throw new SecretFileError(`${file} is ${value ? "damaged" : "empty"}: it should hold one line of at least 32 characters. ${damaged}`);
  }
  return value;
}

/**
 * The secret kept in `file`, generated (`bytes` random bytes, base64url) when there is none and
 * `create` allows it. When several launchers race, all of them get the first one's value.
 */
export function persistedSecret(file, { bytes, create = true, damaged, missing = "" }) {
  const existing = readSecret(file, { damaged });
  if (existing !== null) return existing;
  if (!create) throw new SecretFileError(`${file} is missing. ${missing}`);
  const value = randomBytes(bytes).toString("base64url");
  if (createFileOnce(file, `${value}\n`)) return value;
  return readSecret(file, { damaged });
}
