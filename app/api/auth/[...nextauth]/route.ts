import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { getAuthOptions } from "@/lib/auth/options";
import { checkSignInAllowed, SignInLimited } from "@/lib/auth/rate-limit";
import { readAuthBody } from "@/lib/http/auth-body";
import { jsonError } from "@/lib/http/json";
import { requestIp } from "@/lib/http/request-ip";
import { signInSchema } from "@/lib/validations/sign-in";

type Context = { params: Promise<{ nextauth: string[] }> };

// next-auth's endpoints: /api/auth/csrf, /api/auth/callback/credentials, /api/auth/signout, …
// A parameter given twice (?callbackUrl=a&callbackUrl=b) reaches next-auth as an array it
// cannot handle, so such a query is refused here.
async function handler(request: NextRequest, context: Context) {
  const keys = [...request.nextUrl.searchParams.keys()];
  if (new Set(keys).size !== keys.length) return jsonError(400, "A query parameter was given more than once.");
  return NextAuth(request as never, context as never, getAuthOptions());
}

// POST /api/auth/* – a well-formed body only (415, 413, 400 otherwise); over the sign-in limit,
// 429 before next-auth runs. The `url` field is what next-auth's client reads the error from,
// so the sign-in page shows the same message a script gets; it says nothing about whether the
// e-mail exists.
async function POST(request: NextRequest, context: Context) {
  const body = await readAuthBody(request);
  if (!body.ok) return jsonError(body.status, body.error);
  const forwarded = new NextRequest(request.url, { method: "POST", headers: request.headers, body: body.text });

  const { nextauth } = await context.params;
  if (nextauth.join("/") === "callback/credentials") {
    const email = signInSchema.shape.email.safeParse(body.fields.email);
    try {
      await checkSignInAllowed(email.success ? email.data : "", requestIp(request.headers.get("x-forwarded-for")));
    } catch (error) {
      if (!(error instanceof SignInLimited)) return jsonError(503, "Sign-in is unavailable right now. Please try again shortly.");
      const loginUrl = new URL("/login", request.url);
      loginUrl.searchParams.set("error", error.message);
      return limited429(error.message, error.retryAfterSeconds, loginUrl.toString());
    }
  }
  const response = await handler(forwarded, context);
  return nextauth.join("/") === "callback/credentials" ? limitedAs429(response) : response;
}

const LIMITED = /^Too many failed sign-in attempts\. Try again in (\d+) minutes?\.$/;

function limited429(message: string, retryAfterSeconds: number, url: string) {
  const retryAfter = String(Math.max(1, retryAfterSeconds));
  return Response.json({ error: message, retryAfterSeconds: Number(retryAfter), url }, { status: 429, headers: { "retry-after": retryAfter, "cache-control": "no-store" } });
}

/**
 * A sign-in that reached the limit only inside next-auth (parallel attempts: the check above
 * let them all in, the reservation refused all but the allowed few) is a 429 too, like the
 * ones refused before next-auth ran, not next-auth's 401.
 */
async function limitedAs429(response: Response): Promise<Response> {
  if (response.status !== 401 || !(response.headers.get("content-type") ?? "").includes("application/json")) return response;
  const { url } = (await response.clone().json().catch(() => ({}))) as { url?: string };
  const error = url ? new URL(url, "http://x").searchParams.get("error") : null;
  const match = error ? LIMITED.exec(error) : null;
  if (!match) return response;
  return limited429(error!, Number(match[1]) * 60, url!);
}

export { handler as GET, POST };
