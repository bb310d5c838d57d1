import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/options";
import { checkSignInAllowed, SignInLimited } from "@/lib/auth/rate-limit";
import { jsonError } from "@/lib/http/json";
import { requestIp } from "@/lib/http/request-ip";
import { signInSchema } from "@/lib/validations/sign-in";

type Context = { params: Promise<{ nextauth: string[] }> };

// next-auth's endpoints: /api/auth/csrf, /api/auth/callback/credentials, /api/auth/signout, …
async function handler(request: Request, context: Context) {
  return NextAuth(request as never, context as never, getAuthOptions());
}

/** The e-mail a sign-in request posted (form or JSON body), or "" when there is none. */
async function postedEmail(request: Request): Promise<string> {
  try {
    const type = request.headers.get("content-type") ?? "";
    const body = type.includes("application/json")
      ? ((await request.json()) as Record<string, unknown>)
      : Object.fromEntries(new URLSearchParams(await request.text()));
    const parsed = signInSchema.shape.email.safeParse(body?.email);
    return parsed.success ? parsed.data : "";
  } catch {
    return "";
  }
}

// POST /api/auth/callback/credentials – over the sign-in limit, answer 429 before next-auth runs.
// The `url` field is what next-auth's client reads the error from, so the sign-in page shows
// the same message a script gets; it says nothing about whether the e-mail exists.
async function POST(request: Request, context: Context) {
  const { nextauth } = await context.params;
  if (nextauth.join("/") === "callback/credentials") {
    const ip = requestIp(request.headers.get("x-forwarded-for"));
    try {
      await checkSignInAllowed(await postedEmail(request.clone()), ip);
    } catch (error) {
      if (!(error instanceof SignInLimited)) return jsonError(503, "Sign-in is unavailable right now. Please try again shortly.");
      const retryAfter = String(Math.max(1, error.retryAfterSeconds));
      const loginUrl = new URL("/login", request.url);
      loginUrl.searchParams.set("error", error.message);
      return Response.json(
        { error: error.message, retryAfterSeconds: Number(retryAfter), url: loginUrl.toString() },
        { status: 429, headers: { "retry-after": retryAfter, "cache-control": "no-store" } },
      );
    }
  }
  return handler(request, context);
}

export { handler as GET, POST };
