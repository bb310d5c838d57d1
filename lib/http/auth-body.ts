import "server-only";
import { AUTH_BODY_LIMIT } from "../../scripts/request-guard.mjs";

// next-auth reads a POST body as JSON or as a form, whichever the Content-Type says, and a body
// that is neither (or JSON that does not parse) reaches it as a 500. Read it here first, within
// a size limit, and let only a well-formed body through.

export type AuthBody = { ok: true; text: string; fields: Record<string, unknown> } | { ok: false; status: 400 | 413 | 415; error: string };

async function readCapped(request: Request, limit: number): Promise<string | null> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
}

/** The body of a POST to next-auth: a form or a JSON object, at most AUTH_BODY_LIMIT bytes. */
export async function readAuthBody(request: Request): Promise<AuthBody> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded" && type !== "application/json") {
    return { ok: false, status: 415, error: "Send the fields as application/x-www-form-urlencoded or application/json." };
  }
  const text = await readCapped(request, AUTH_BODY_LIMIT);
  if (text === null) return { ok: false, status: 413, error: "Request body too large." };
  if (type === "application/x-www-form-urlencoded") return { ok: true, text, fields: Object.fromEntries(new URLSearchParams(text)) };
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return { ok: true, text, fields: parsed as Record<string, unknown> };
  } catch {}
  return { ok: false, status: 400, error: "The body must be a JSON object." };
}
