// Malformed requests answered before Next.js sees them: Next turns a broken percent-encoding in
// a dynamic path segment into a 500, and reads a body of any size into memory before a route can
// refuse it. Plain JavaScript: the launcher's HTTP server (server.mjs) runs it on every request.

/** Bodies larger than this are refused with 413 unless a route allows more (below). */
export const BODY_LIMIT = 64 * 1024;
/** Sign-in, sign-out and next-auth's other endpoints take a few form fields. */
export const AUTH_BODY_LIMIT = 16 * 1024;

/** The methods this app answers; anything else (TRACE, CONNECT, WebDAV's) is 405 before Next, which would fail on some of them. */
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

function bodyLimit(pathname) {
  return pathname.startsWith("/api/auth/") ? AUTH_BODY_LIMIT : BODY_LIMIT;
}

/** Whether every %-escape in the text is two hex digits and the bytes they spell are UTF-8. */
export function wellEncoded(text) {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why the request must be refused before the app runs, as [status, message], or null. The path
 * and every query parameter must decode; a declared body must fit the route's limit.
 */
export function malformed(method, url, headers) {
  if (!METHODS.has(method)) return [405, "Method not allowed."];
  if (typeof url !== "string" || !url.startsWith("/") || url.startsWith("//")) return [400, "Malformed request target."];
  const queryAt = url.indexOf("?");
  const pathname = queryAt === -1 ? url : url.slice(0, queryAt);
  if (!wellEncoded(pathname)) return [400, "Malformed percent-encoding in the path."];
  if (queryAt !== -1) {
    for (const part of url.slice(queryAt + 1).split(/[&;]/)) {
      if (!wellEncoded(part.replaceAll("+", " "))) return [400, "Malformed percent-encoding in the query."];
    }
  }
  const length = headers["content-length"];
  if (length !== undefined) {
    if (!/^\d{1,15}$/.test(length)) return [400, "Malformed Content-Length."];
    if (Number(length) > bodyLimit(pathname)) return [413, "Request body too large."];
  }
  return null;
}

/** Answers a malformed request and returns true; returns false to let it through. */
export function refuseMalformed(req, res) {
  const problem = malformed(req.method, req.url, req.headers);
  if (!problem) return false;
  const [status, message] = problem;
  const wantsJson = (req.url ?? "").startsWith("/api/");
  const body = wantsJson ? JSON.stringify({ error: message }) : `${message}\n`;
  res.writeHead(status, {
    ...(status === 405 ? { allow: [...METHODS].join(", ") } : {}),
    "content-type": wantsJson ? "application/json" : "text/plain; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
    // The body was not read: close rather than leave it in the connection's way.
    connection: "close",
  });
  res.end(body);
  return true;
}
