import http from "node:http";
import net from "node:net";

// Generated bad requests for the fuzz test (e2e/fuzz.spec.ts): every class of malformed input a
// client can send, from a seeded generator so that any failure can be replayed with its seed.

/** mulberry32: a small, fast, seedable PRNG. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}
export type Rng = ReturnType<typeof prng>;

export type FuzzRequest = {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer | string;
  /** Bytes written to the socket as they are (for what an HTTP client library refuses to send). */
  raw?: Buffer;
  /** Malformed beyond doubt: the answer must be a 4xx, not merely "not a 5xx". */
  mustBe4xx: boolean;
};

export type FuzzContext = {
  /** Cookie header of a signed-in member, and of their Account Owner. */
  memberCookie: string;
  ownerCookie: string;
  memberId: string;
  /** Server Action ids from the build that are safe to call with garbage (they change nothing without valid input). */
  actionIds: string[];
};

const PAGES = ["/", "/settings", "/settings/users", "/settings/sessions", "/settings/password", "/support", "/login"];
const APIS = ["/api/sessions", "/api/me", "/api/health", "/api/auth/session", "/api/auth/csrf", "/api/auth/providers"];
const DYNAMIC = ["/api/sessions/", "/api/support/sessions/", "/settings/users/", "/api/auth/", "/api/auth/callback/", "/api/auth/signin/"];

function randomString(r: Rng, length: number, alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~!$&'()*+,;=:@/?#[]%\"<>\\^`{|} "): string {
  let s = "";
  for (let i = 0; i < length; i++) s += alphabet[r.int(alphabet.length)];
  return s;
}

function randomBytes(r: Rng, length: number): Buffer {
  return Buffer.from(Array.from({ length }, () => r.int(256)));
}

/** Random bytes that keep a header on its line (no CR or LF), so the request stays complete. */
function headerBytes(r: Rng, length: number): Buffer {
  return Buffer.from(Array.from({ length }, () => {
    const b = r.int(254);
    return b >= 10 ? (b >= 12 ? b + 2 : b + 1) : b; // skip 10 (LF) and 13 (CR)
  }));
}

/** A %-escape that cannot decode: a lone %, one hex digit, non-hex, or bytes that are not UTF-8. */
function brokenEscape(r: Rng): string {
  return r.pick(["%", "%f", "%zz", "%G0", "%ff", "%c0", "%e2%82", "%80", "%ed%a0%80", "%f8%88%80%80%80", "%%", "a%2", "%u0041"]);
}

function jsonGarbage(r: Rng): string {
  return r.pick(["{", "}", "[", "{bad", '{"email":', "nul", "1e99999", '"\\ud800"', "{\"a\":" + "[".repeat(5000), "\u0000", "[1,2]", "true", "null", '{"email":["a@b.c"]}', '{"email":{"$ne":null}}']);
}

function session(r: Rng, ctx: FuzzContext): string | undefined {
  return r.pick([undefined, ctx.memberCookie, ctx.memberCookie, ctx.ownerCookie]);
}

function withCookie(headers: Record<string, string>, cookie: string | undefined) {
  return cookie ? { ...headers, cookie } : headers;
}

type Generator = (r: Rng, ctx: FuzzContext) => FuzzRequest;

export const GENERATORS: Record<string, Generator> = {
  "path encoding": (r, ctx) => {
    const path = `${r.pick([...DYNAMIC, ...PAGES.map((p) => `${p}/`), "/"])}${randomString(r, r.int(4), "abc")}${brokenEscape(r)}${randomString(r, r.int(4), "xyz")}`;
    return { kind: "path encoding", method: r.pick(["GET", "GET", "DELETE", "POST", "HEAD"]), path: path.replace("//", "/"), headers: withCookie({}, session(r, ctx)), mustBe4xx: true };
  },
  "query encoding": (r, ctx) => ({
    kind: "query encoding",
    method: "GET",
    path: `${r.pick([...PAGES, ...APIS])}?${r.pick(["page", "callbackUrl", "reason", "error", "x"])}=${randomString(r, r.int(3), "ab1")}${brokenEscape(r)}`,
    headers: withCookie({}, session(r, ctx)),
    mustBe4xx: true,
  }),
  "odd query": (r, ctx) => {
    const value = r.pick([
      "-1", "0", "1e9", "99999999999999999999", "NaN", "1.5", "%00", "%E2%80%AE", encodeURIComponent(randomString(r, 4000)),
      "javascript%3Aalert(1)", "%2F%2Fevil.example", "%2F%5Cevil.example", encodeURIComponent("\u202e\ud83d\ude00"),
    ]);
    const key = r.pick(["page", "page[]", "callbackUrl", "reason", "error", "required", encodeURIComponent("\u0000")]);
    return { kind: "odd query", method: "GET", path: `${r.pick([...PAGES, ...APIS, "/api/auth/signin", "/api/auth/error"])}?${key}=${value}&${key}=${value}`, headers: withCookie({}, session(r, ctx)), mustBe4xx: false };
  },
  cookies: (r, ctx) => {
    const forged = r.pick([
      `bb.session=${randomString(r, r.int(200), "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")}`,
      `bb.session=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.${randomString(r, 20, "abc")}.${randomString(r, 16, "abc")}.${randomString(r, 30, "abc")}.${randomString(r, 22, "abc")}`,
      `bb.session=${"A".repeat(4000 + r.int(4000))}`,
      `${ctx.memberCookie}; bb.session=garbage`,
      `bb.session=garbage; ${ctx.memberCookie}`,
      `${ctx.memberCookie.slice(0, -3)}xyz`,
      `__Host-bb.session=${ctx.memberCookie.split("=")[1]}`,
      `bb.ended=${randomString(r, 10)}`,
      Array.from({ length: 200 }, (_, i) => `c${i}=${i}`).join("; "),
      `bb.session="${randomString(r, 10, "abc")}"`,
      "bb.session",
      "=; ;=;",
    ]);
    return { kind: "cookies", method: r.pick(["GET", "GET", "DELETE", "POST"]), path: r.pick([...PAGES, ...APIS, `/api/sessions/${"A".repeat(32)}`]), headers: { cookie: forged }, mustBe4xx: false };
  },
  "binary cookie": (r) => {
    const path = r.pick([...PAGES, ...APIS]);
    const head = Buffer.concat([Buffer.from(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nCookie: bb.session=`), headerBytes(r, 20 + r.int(60)), Buffer.from("\r\nConnection: close\r\n\r\n")]);
    return { kind: "binary cookie", method: "GET", path, headers: {}, raw: head, mustBe4xx: false };
  },
  headers: (r, ctx) => {
    const headers = r.pick<Record<string, string>>([
      { "x-forwarded-for": randomString(r, 60) },
      { "x-forwarded-host": "evil.example", "x-forwarded-proto": "gopher" },
      { accept: randomString(r, 40) },
      { rsc: "1", "next-router-state-tree": randomString(r, 1 + r.int(80)) },
      { rsc: "1", "next-router-state-tree": encodeURIComponent(JSON.stringify(["", { children: [randomString(r, 5), {}] }])) },
      { rsc: "1", "next-router-prefetch": "1", "next-router-segment-prefetch": randomString(r, 20) },
      { "next-url": randomString(r, 30, "/abc%") },
      { "content-type": randomString(r, 30) },
      { "user-agent": randomString(r, 2000) },
      { "accept-language": randomString(r, 300) },
      { "x-huge": "x".repeat(20_000 + r.int(40_000)) },
      { "sec-fetch-site": "none", origin: randomString(r, 20) },
    ]);
    return { kind: "headers", method: r.pick(["GET", "GET", "HEAD"]), path: r.pick([...PAGES, ...APIS]), headers: withCookie(headers, session(r, ctx)), mustBe4xx: "x-huge" in headers };
  },
  "raw request line": (r) => {
    const line = r.pick([
      `GET /${randomString(r, 10)} HTTP/1.1`, "GET  HTTP/1.1", `GET /\u0000 HTTP/1.1`, "BREW /settings HTTP/1.1", "GET /settings HTTP/9.9",
      `GET ${"/a".repeat(5000)} HTTP/1.1`, "GET http://evil.example/settings HTTP/1.1", "GET *settings HTTP/1.1",
    ]);
    const extra = r.pick(["Content-Length: abc\r\n", "Content-Length: -1\r\n", "Content-Length: 1\r\nContent-Length: 2\r\n", "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n", ""]);
    const raw = Buffer.from(`${line}\r\nHost: localhost\r\n${extra}Connection: close\r\n\r\n`, "latin1");
    return { kind: "raw request line", method: "RAW", path: line.slice(0, 40), headers: {}, raw, mustBe4xx: false };
  },
  bodies: (r, ctx) => {
    const path = r.pick(["/api/sessions", `/api/sessions/${"A".repeat(32)}`, "/api/me", "/api/auth/signout", "/api/auth/callback/credentials", "/api/auth/_log", "/settings/sessions"]);
    const variant = r.int(5);
    const body =
      variant === 0 ? jsonGarbage(r)
      : variant === 1 ? randomBytes(r, r.int(2000))
      : variant === 2 ? "x".repeat(70_000 + r.int(100_000))
      : variant === 3 ? `--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n${randomString(r, 40)}`
      : randomString(r, r.int(300));
    const type = r.pick(["application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=b", "application/xml", ""]);
    const headers = withCookie(type ? { "content-type": type } : {}, session(r, ctx));
    // Declared oversized bodies are certain to be refused; the rest only must not break anything.
    const big = typeof body === "string" && body.length > 64 * 1024;
    return { kind: "bodies", method: r.pick(["POST", "PUT", "PATCH", "DELETE"]), path, headers, body, mustBe4xx: big };
  },
  "fake actions": (r, ctx) => {
    const id = r.pick([randomString(r, 42, "0123456789abcdef"), randomString(r, 40, "0123456789abcdef"), randomString(r, 8), "", "../../etc/passwd", ...ctx.actionIds]);
    const body = r.pick<string | Buffer>([
      jsonGarbage(r), "[]", "[{}]", `["$${randomString(r, 3)}"]`, `["$K1"]`, `["$@1"]`, `["$Q1","$T"]`, randomBytes(r, r.int(200)),
      `[${JSON.stringify({ status: "idle" })},"$K2"]`, `--x\r\nContent-Disposition: form-data; name="0"\r\n\r\n${randomString(r, 30)}\r\n--x--\r\n`,
    ]);
    const type = r.pick(["text/plain;charset=UTF-8", "multipart/form-data; boundary=x", "application/json", "application/x-www-form-urlencoded", "multipart/form-data"]);
    const headers = withCookie({ "next-action": id, "content-type": type, accept: "text/x-component" }, r.pick([ctx.memberCookie, ctx.memberCookie, undefined]));
    if (r.next() < 0.3) headers["next-router-state-tree"] = randomString(r, 30);
    return { kind: "fake actions", method: "POST", path: r.pick(["/settings/sessions", "/settings/password", "/settings/users", "/login", "/"]), headers, body, mustBe4xx: false };
  },
  "action forms": (r, ctx) => {
    // Shaped as React sends a form action (multipart, root "0" listing the arguments, the form's
    // fields prefixed "_1_"), with fields and values no form of ours would send.
    const names = ["handle", "intent", "confirm", "memberId", "currentPassword", "newPassword", "confirmPassword", "signOutOthers", "email", "name", "role", "$ACTION_ID_x"];
    const values = () => r.pick(["", "yes", "show", "hide", "on", "ACCOUNT_OWNER", ctx.memberId, randomString(r, 16, "ABCDEFGHIJabcdefghij0123456789-_"), randomString(r, r.int(300)), "\u0000", "A".repeat(5000)]);
    const root = r.pick(['[{"status":"idle","message":""},"$K1"]', '["$K1"]', "[]", '[null,"$K1"]', '["$K1","$K1"]', '[{"shown":false,"ids":{}}]', '[{"status":"idle"},"$K2"]', '["$undefined","$K1"]']);
    const boundary = `fuzz${r.int(1e9)}`;
    const part = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const fields = Array.from({ length: r.int(6) }, () => part(`_1_${r.pick(names)}`, values())).join("");
    const body = `${fields}${part("0", root)}--${boundary}--\r\n`;
    const headers = withCookie({ "next-action": r.pick(ctx.actionIds), "content-type": `multipart/form-data; boundary=${boundary}`, accept: "text/x-component" }, r.pick([ctx.memberCookie, ctx.memberCookie, ctx.ownerCookie, undefined]));
    return { kind: "action forms", method: "POST", path: r.pick(["/settings/sessions", "/settings/password", "/settings/users"]), headers, body, mustBe4xx: false };
  },
  "sign-in": (r) => {
    const email = r.pick([
      "", "not-an-email", `${randomString(r, 300, "abc")}@example.com`, "member@example.com", "MEMBER@EXAMPLE.COM ", `a@b.c${"\u0000"}`,
      "\u202e@example.com", `${randomString(r, 20)}@${randomString(r, 20)}`, "owner@example.com",
    ]);
    const password = r.pick(["", "wrong", randomString(r, 500), "\u0000\u0001", "x".repeat(300)]);
    const form = r.pick([
      new URLSearchParams({ email, password, csrfToken: randomString(r, 64, "0123456789abcdef"), json: "true" }).toString(),
      `email=${encodeURIComponent(email)}&email=${encodeURIComponent(email)}&password=${encodeURIComponent(password)}`,
      `email[]=${encodeURIComponent(email)}&password[$ne]=1`,
      `${randomString(r, 100)}`,
      JSON.stringify({ email, password, csrfToken: "x" }),
      JSON.stringify({ email: [email], password: { a: 1 } }),
    ]);
    const type = form.startsWith("{") ? r.pick(["application/json", "application/x-www-form-urlencoded"]) : r.pick(["application/x-www-form-urlencoded", "application/x-www-form-urlencoded", "text/plain", "application/json"]);
    const path = r.pick(["/api/auth/callback/credentials", "/api/auth/callback/credentials", "/api/auth/signin/credentials", "/api/auth/callback/github", "/api/auth/signout"]);
    return { kind: "sign-in", method: "POST", path, headers: { "content-type": type }, body: form, mustBe4xx: false };
  },
  methods: (r, ctx) => ({
    kind: "methods",
    method: r.pick(["PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "POST"]),
    path: r.pick([...PAGES, ...APIS, `/api/sessions/${"A".repeat(32)}`, `/settings/users/${ctx.memberId}`]),
    headers: withCookie({}, session(r, ctx)),
    mustBe4xx: false,
  }),
  "route params": (r, ctx) => {
    const param = r.pick([
      randomString(r, r.int(40)), "A".repeat(31), "A".repeat(33), "A".repeat(10_000), ".", "..", "%2e%2e", "%2F", "%00", "%20",
      encodeURIComponent("\u00e9\u0301"), ctx.memberId, `${ctx.memberId}%00`, encodeURIComponent("' OR 1=1 --"), "%C3%A9",
    ]);
    const base = r.pick(["/api/sessions/", "/settings/users/"]);
    const path = `${base}${encodeURI(param).replaceAll("%25", "%")}`;
    return { kind: "route params", method: r.pick(["GET", "DELETE", "GET"]), path, headers: withCookie({}, session(r, ctx)), mustBe4xx: false };
  },
};

export type FuzzResult = { request: FuzzRequest; status: number; error?: string; body: string };

/** Sends one request (from the given loopback address) and reads the status: 0 when no answer came. */
export function send(port: number, localAddress: string, req: FuzzRequest, timeoutMs = 15_000): Promise<FuzzResult> {
  if (req.raw) return sendRaw(port, localAddress, req, timeoutMs);
  return new Promise((resolve) => {
    const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body);
    const headers: Record<string, string> = { host: `localhost:${port}`, ...req.headers };
    if (body) headers["content-length"] = String(body.length);
    const outgoing = http.request({ host: "127.0.0.1", port, localAddress, method: req.method, path: req.path, headers, agent: false, insecureHTTPParser: true }, (res) => {
      let data = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (data.length < 4000 ? (data += c) : undefined));
      res.on("end", () => resolve({ request: req, status: res.statusCode ?? 0, body: data }));
      res.on("error", (e) => resolve({ request: req, status: res.statusCode ?? 0, body: data, error: e.message }));
    });
    outgoing.setTimeout(timeoutMs, () => outgoing.destroy(new Error("timeout")));
    outgoing.on("error", (e) => resolve({ request: req, status: 0, body: "", error: e.message }));
    outgoing.end(body);
  });
}

function sendRaw(port: number, localAddress: string, req: FuzzRequest, timeoutMs: number): Promise<FuzzResult> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port, localAddress });
    let data = "";
    const done = (error?: string) => {
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(data)?.[1] ?? 0);
      resolve({ request: req, status, body: data.slice(0, 4000), error });
    };
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error("timeout")));
    socket.on("data", (c) => (data += c.toString("latin1")));
    socket.on("close", () => done());
    socket.on("error", (e) => (data ? undefined : done(e.message)));
    // Not end(): a half-closed connection reads to Next as a client gone away. Every raw request
    // says "Connection: close", so the server closes once it has answered.
    socket.write(req.raw!);
  });
}

/** `count` generated requests, spread over the classes and the given instances, `parallel` at a time. */
export async function runFuzz(options: { ports: number[]; seed: number; count: number; ctx: FuzzContext; parallel?: number }): Promise<FuzzResult[]> {
  const r = prng(options.seed);
  const kinds = Object.keys(GENERATORS);
  const plan = Array.from({ length: options.count }, (_, i) => {
    const request = GENERATORS[kinds[i % kinds.length]!]!(r, options.ctx);
    // From a loopback address of its own, so failed sign-ins never count against 127.0.0.1.
    const from = `127.${1 + r.int(250)}.${r.int(250)}.${1 + r.int(250)}`;
    return { request, port: r.pick(options.ports), from };
  });
  const results: FuzzResult[] = new Array(plan.length);
  let next = 0;
  const worker = async () => {
    while (next < plan.length) {
      const i = next++;
      const { request, port, from } = plan[i]!;
      results[i] = await send(port, from, request);
    }
  };
  await Promise.all(Array.from({ length: options.parallel ?? 8 }, worker));
  return results;
}
