import type { Metadata } from "next";
import { passwordChangedAt } from "@/lib/auth/change-password";
import { requireSession } from "@/lib/auth/session";
import { ChangePasswordForm } from "@/components/change-password-form";
import { LocalTime } from "@/components/sessions/local-time";
import { SecureAccountChecklist } from "@/components/secure-account-checklist";
import { reportedParam } from "@/lib/validations/session-actions";
import { NewSignInNotice } from "@/components/sessions/new-sign-in-notice";

export const metadata: Metadata = { title: "Password" };

export default async function PasswordPage({ searchParams }: { searchParams: Promise<{ reported?: string | string[] }> }) {
  const { user } = await requireSession("/settings/password");
  const reported = reportedParam.parse((await searchParams).reported);
  const changedAt = await passwordChangedAt(user.id);
  const now = new Date();
  const required = user.mustChangePassword;
  return (
    <>
      <NewSignInNotice />
      <div className="space-y-6">
        {reported !== undefined && <SecureAccountChecklist endedSessions={reported} />}
        {required && (
          <section aria-labelledby="password-required" data-testid="password-required" className="flex gap-3 rounded-xl border border-amber-300 bg-amber-50 p-4 text-amber-950 shadow-sm sm:p-5 dark:border-amber-700/60 dark:bg-amber-950/40 dark:text-amber-50">
            <span aria-hidden="true" className="flex size-9 shrink-0 items-center justify-center rounded-full bg-amber-100 text-amber-700 dark:bg-amber-500/20 dark:text-amber-200">
              <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" className="size-5">
                <rect x="5" y="11" width="14" height="9" rx="2" />
                <path d="M8 11V8a4 4 0 0 1 8 0v3" strokeLinecap="round" />
              </svg>
            </span>
            <div>
              <h2 id="password-required" className="font-semibold">Choose your own password to continue</h2>
              <p className="mt-1 text-sm text-amber-900 dark:text-amber-100/90">
                You signed in with a one-time password that someone else chose for you. Enter it as your current password, then choose a new one that
                only you know. The rest of the app opens as soon as you have.
              </p>
            </div>
          </section>
        )}
        <div className="grid gap-6 lg:grid-cols-3">
          <section aria-labelledby="password-heading" className="rounded-xl border border-slate-200 bg-white shadow-sm lg:col-span-2 dark:border-slate-800 dark:bg-slate-900">
            <div className="border-b border-slate-200 px-4 py-4 sm:px-5 dark:border-slate-800">
              <h2 id="password-heading" className="text-base font-semibold">Change password</h2>
              <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
                {changedAt && !required ? <>Last changed <LocalTime iso={changedAt.toISOString()} now={now.toISOString()} mode="relative" inSentence />.</> : "Choose a password you don't use anywhere else."}
              </p>
            </div>
            <div className="px-4 py-5 sm:px-5">
              <ChangePasswordForm required={required} />
            </div>
          </section>
          <aside aria-labelledby="password-tips" className="h-fit rounded-xl border border-slate-200 bg-white p-4 text-sm shadow-sm sm:p-5 dark:border-slate-800 dark:bg-slate-900">
            <h2 id="password-tips" className="font-semibold">A strong password</h2>
            <ul className="mt-3 list-disc space-y-2 pl-5 text-slate-600 dark:text-slate-400">
              <li>is at least 12 characters long: length beats symbols;</li>
              <li>isn&apos;t your name, your email, or a password you use elsewhere;</li>
              <li>is kept in a password manager, not in a note or a chat.</li>
            </ul>
            <p className="mt-4 text-slate-600 dark:text-slate-400">
              If you think someone else used your account, review <a href="/settings/sessions" className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">My Sessions</a> too.
            </p>
          </aside>
        </div>
      </div>
    </>
  );
}
