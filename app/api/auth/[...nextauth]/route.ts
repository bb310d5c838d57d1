import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/options";

// next-auth's endpoints: /api/auth/csrf, /api/auth/callback/credentials, /api/auth/signout, …
async function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(request as never, context as never, getAuthOptions());
}

export { handler as GET, handler as POST };
