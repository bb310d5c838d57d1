// The HTTP server in front of Next.js. Next passes a client-sent X-Forwarded-For through
// unchanged, so without this the recorded IP could be spoofed: here the socket decides, and
// X-Forwarded-For is believed only through TRUST_PROXY_HOPS trusted proxies. Some malformed
// requests would reach Next as 500s or unbounded reads (request-guard.mjs). And a request the
// database failed answers 503, not Next's 500 (lib/http/request-context.js).
import http from "node:http";
import next from "next";
import { clientIp } from "../lib/http/client-ip.js";
import { refuseMalformed } from "./request-guard.mjs";
import { runWithRequestContext } from "../lib/http/request-context.js";

/** How long a stopping server lets the requests in flight finish (the launcher kills it after 10 s). */
const GRACE_MS = 5_000;

const SPOOFABLE = ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip", "forwarded"];

/** Rewrites the proxy headers of an incoming request in place. */
export function normalizeForwardedHeaders(req, trustProxyHops) {
  req.headers["x-forwarded-for"] = clientIp(req.socket.remoteAddress, req.headers["x-forwarded-for"], trustProxyHops);
  if (trustProxyHops === 0) {
    for (const name of SPOOFABLE) delete req.headers[name];
    req.headers["x-forwarded-proto"] = req.socket.encrypted ? "https" : "http";
  }
}

/**
 * A request Node's HTTP parser cannot read (a control byte in a header, a bad Content-Length…):
 * answer 400 (431 for oversized headers) and close gently. Node's default closes at once, and
 * with the rest of the request unread the client's TCP stack may see a reset before the answer.
 */
function answerUnparsable(error, socket) {
  if (!socket.writable || error.code === "ECONNRESET") {
    socket.destroy();
    return;
  }
  const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
  const reason = status === 431 ? "Request Header Fields Too Large" : "Bad Request";
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.on("error", () => {});
  socket.resume(); // read and drop what is left, so the close is a FIN after the answer
  setTimeout(() => socket.destroy(), 5_000).unref();
}

export async function startServer({ dir, dev = false, port = 3000, hostname, trustProxyHops = 0 }) {
  const app = next({ dir, dev, port, hostname: hostname ?? "localhost" });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = http.createServer((req, res) => {
    if (refuseMalformed(req, res)) return;
    normalizeForwardedHeaders(req, trustProxyHops);
    // A page the database failed answers 503, not 500 (lib/http/request-context.js).
    runWithRequestContext(req, res, () => handle(req, res));
  });
  server.on("clientError", answerUnparsable);
  server.keepAliveTimeout = 65_000;
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, resolve);
  });
  return {
    server,
    /**
     * Stops accepting, answers the requests in flight, and closes every connection as soon as it
     * has nothing in flight: server.close() alone closes only the connections idle at that moment,
     * and one whose answer finishes afterwards would stay open for its keep-alive (65 s). What is
     * still in flight after `graceMs` is cut off.
     */
    close: async ({ graceMs = GRACE_MS } = {}) => {
      const closed = new Promise((resolve) => server.close(resolve));
      const sweep = setInterval(() => server.closeIdleConnections(), 25);
      const cutOff = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearInterval(sweep);
      clearTimeout(cutOff);
      await app.close?.();
    },
  };
}
