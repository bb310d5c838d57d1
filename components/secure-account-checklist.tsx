// On the Password tab after "Wasn't me?": what happened, and the next steps from the help
// article's best practices.

export function SecureAccountChecklist({ endedSessions }: { endedSessions: number }) {
  return (
    <section
      aria-labelledby="secure-account-heading"
      data-testid="secure-account"
      className="rounded-xl border border-emerald-300 bg-emerald-50 p-4 text-emerald-950 shadow-sm sm:p-5 dark:border-emerald-700/60 dark:bg-emerald-950/40 dark:text-emerald-50"
    >
      <h2 id="secure-account-heading" className="font-semibold">
        {endedSessions === 0 ? "You reported that sign-in" : `You reported that sign-in and ended ${endedSessions} session${endedSessions === 1 ? "" : "s"}`}
      </h2>
      <p className="mt-1 text-sm text-emerald-900 dark:text-emerald-100/90">
        {endedSessions === 1 ? "That device is signed out on its next request." : endedSessions > 1 ? "Those devices are signed out on their next request." : ""} Now make sure whoever it was cannot sign in again:
      </p>
      <ol className="mt-3 list-decimal space-y-1.5 pl-5 text-sm">
        <li>Change your password below. Keep “Sign out all other sessions” ticked.</li>
        <li>Use a password you don&apos;t use anywhere else, kept in a password manager.</li>
        <li>
          Review <a href="/settings/sessions" className="font-medium underline underline-offset-2">My Sessions</a> for any other device or location you don&apos;t recognize, and log it out.
        </li>
        <li>Sign out manually when you&apos;re done on a shared or borrowed computer.</li>
      </ol>
    </section>
  );
}
