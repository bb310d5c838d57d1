import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { lookupSession } from "@/lib/auth/session";
import { Logo } from "@/components/logo";
import { LoginForm } from "./login-form";
import { safeReturnTo } from "@/lib/http/return-to";

export const metadata: Metadata = { title: "Sign in" };

const NOTICES: Record<string, string> = {
  ended: "Your session was ended. This can happen when you log out this device from My Sessions on another device, or an Account Owner or Broker Buddha support signs you out. Sign in again to continue.",
  expired: "Your session expired. Sign in again to continue.",
  "signed-out": "You have been signed out.",
};

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const one = (key: string) => (typeof params[key] === "string" ? (params[key] as string) : undefined);
  const callbackUrl = safeReturnTo(one("callbackUrl"));
  const found = await lookupSession().catch(() => null);
  if (found?.session) redirect(callbackUrl);
  const notice = NOTICES[one("reason") ?? ""];

  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center gap-3 text-center">
          <Logo className="size-10" />
          <h1 className="text-2xl font-semibold tracking-tight">Sign in to Broker Buddha AI</h1>
        </div>
        {notice && (
          <div role="status" className="mb-4 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-700/60 dark:bg-amber-950/50 dark:text-amber-100">
            {notice}
          </div>
        )}
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <LoginForm callbackUrl={callbackUrl} initialError={one("error")} />
        </div>
      </div>
    </main>
  );
}
