// Files in the data folder that must never be half-written or overwritten: the generated secrets
// and the launcher's lock. Each is written whole to a temporary file, flushed to disk, then
// hard-linked into place, which fails when the name exists, so the first writer wins whole.
import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import path from "node:path";

function writeDurably(file, content, flags, mode) {
  const fd = openSync(file, flags, mode);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncDirectory(dir) {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {}
}

/** Creates `file` with `content` unless it exists. Returns false when it already existed. */
export function createFileOnce(file, content, mode = 0o600) {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  writeDurably(temp, content, "wx", mode);
  try {
    linkSync(temp, file);
  } catch (error) {
    if (error.code === "EEXIST") return false;
    // A file system without hard links: exclusive create is still first-writer-wins.
    if (!["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"].includes(error.code)) throw error;
    try {
      writeDurably(file, content, "wx", mode);
    } catch (fallbackError) {
      if (fallbackError.code === "EEXIST") return false;
      throw fallbackError;
    }
  } finally {
    rmSync(temp, { force: true });
  }
  syncDirectory(path.dirname(file));
  return true;
}

/** The file's text, or null when it does not exist. */
export function readIfExists(file) {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    if (error.code === "ENOENT") return null;
    throw error;
  }
}
