import http from "node:http";

// Sign-in attempts from a chosen loopback address (127.x.y.z), so a test that fails on purpose
// counts against its own IP in the sign-in limit, never against 127.0.0.1 that every other test
// signs in from. scripts/server.mjs takes the client IP from the socket, so this is the IP the
// app records.

export type RawResponse = { status: number; headers: http.IncomingHttpHeaders; body: string };

function send(port: number, localAddress: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, localAddress, method, path, headers, agent: false }, (res) => {
      let data = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (data += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
    });
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

/** A random loopback address other than 127.0.0.1. */
export function loopbackAddress(): string {
  const n = () => 1 + Math.floor(Math.random() * 250);
  return `127.${n()}.${n()}.${n() + 1}`;
}

/** One sign-in attempt as a script makes it (csrf, then the credentials callback). */
export async function rawSignIn(port: number, from: string, email: string, password: string): Promise<RawResponse> {
  const csrf = await send(port, from, "GET", "/api/auth/csrf", { accept: "application/json" });
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const cookie = (csrf.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
  const body = new URLSearchParams({ email, password, csrfToken, json: "true" }).toString();
  return send(port, from, "POST", "/api/auth/callback/credentials", {
    "content-type": "application/x-www-form-urlencoded",
    "content-length": String(Buffer.byteLength(body)),
    cookie,
  }, body);
}

/** Whether a sign-in response signed the user in (next-auth answers 200 either way). */
export function signedIn(res: RawResponse): boolean {
  if (res.status !== 200) return false;
  const url = (JSON.parse(res.body) as { url?: string }).url ?? "";
  return !new URL(url, "http://x").searchParams.has("error") && (res.headers["set-cookie"] ?? []).some((c) => c.startsWith("bb.session="));
}
