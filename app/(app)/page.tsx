import Link from "next/link";
import { redirect } from "next/navigation";
import { requireSession } from "@/lib/auth/session";

// Where sign-in lands. Staff have no customer home: they work in the support console.
export default async function HomePage() {
  const { user } = await requireSession("/");
  if (user.kind === "staff") redirect("/support");
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Welcome back, {user.name.split(" ")[0]}</h1>
      <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <h2 className="font-medium">Keep your account secure</h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Review the devices signed in to your account and sign out any you don&apos;t recognize.
        </p>
        <Link href="/settings/sessions" className="mt-4 inline-flex rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500">
          Review my sessions
        </Link>
      </div>
    </div>
  );
}
