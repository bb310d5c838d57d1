// The HTTP server in front of Next.js. It exists for one reason: Next passes a client-sent
// X-Forwarded-For through unchanged, so without this the recorded IP could be spoofed. Here the
// socket decides, and X-Forwarded-For is believed only through TRUST_PROXY_HOPS trusted proxies.
import http from "node:http";
import next from "next";
import { clientIp } from "../lib/http/client-ip.js";
import { runWithRequestContext } from "../lib/http/request-context.js";

const SPOOFABLE = ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip", "forwarded"];

/** Rewrites the proxy headers of an incoming request in place. */
export function normalizeForwardedHeaders(req, trustProxyHops) {
  req.headers["x-forwarded-for"] = clientIp(req.socket.remoteAddress, req.headers["x-forwarded-for"], trustProxyHops);
  if (trustProxyHops === 0) {
    for (const name of SPOOFABLE) delete req.headers[name];
    req.headers["x-forwarded-proto"] = req.socket.encrypted ? "https" : "http";
  }
}

export async function startServer({ dir, dev = false, port = 3000, hostname, trustProxyHops = 0 }) {
  const app = next({ dir, dev, port, hostname: hostname ?? "localhost" });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = http.createServer((req, res) => {
    normalizeForwardedHeaders(req, trustProxyHops);
    // A page the database failed answers 503, not 500 (lib/http/request-context.js).
    runWithRequestContext(req, res, () => handle(req, res));
  });
  server.keepAliveTimeout = 65_000;
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, resolve);
  });
  return {
    server,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      server.closeAllConnections?.();
      await app.close?.();
    },
  };
}
