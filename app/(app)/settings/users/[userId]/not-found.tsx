import Link from "next/link";

export default function MemberNotFound() {
  return (
    <section className="rounded-xl border border-slate-200 bg-white px-5 py-10 text-center shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <h2 className="text-base font-semibold">Member not found</h2>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">There is no such member in your account, or you can&apos;t manage their sessions.</p>
      <Link href="/settings/users" className="mt-4 inline-flex rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500">
        Back to Users
      </Link>
    </section>
  );
}
