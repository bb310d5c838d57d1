// --password-stdin: a password piped in, never typed on the command line (where shell history
// and `ps` would keep it).
import { usageError } from "./errors";

const MAX_BYTES = 1024;

export async function readPasswordFromStdin(stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  if ((stdin as NodeJS.ReadStream).isTTY) {
    throw usageError(`--password-stdin reads the password from a pipe, for example:\n  printf '%s' "$NEW_PASSWORD" | npm run admin -- <command> … --password-stdin`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BYTES) throw usageError("The password on stdin is too long.");
    chunks.push(buffer);
  }
  // One trailing line break (echo, a here-string) is not part of the password; anything else is.
  const password = Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
  if (!password) throw usageError("--password-stdin: nothing was piped in.");
  if (/[\r\n]/.test(password)) throw usageError("--password-stdin: the password must be a single line.");
  return password;
}
