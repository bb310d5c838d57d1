"use client";

import { startTransition, useActionState, useState } from "react";

// Every form of the app posts a Server Action with useActionState. When the request never gets an
// answer (the browser is offline, the connection dropped), React would throw the fetch's error to
// the page's error boundary, which blames the server and loses the page. useFormAction catches
// that one failure, keeps the state as it was, and offers to send the same form again;
// RetryNotice says so next to the control. Errors the server answered with still go to the
// boundary, which is where they belong.

type Action<State> = (previous: State, form: FormData) => Promise<State>;

/** What failed to reach the server: the form as it was sent, and a way to send it again. */
export type Unsent = { form: FormData; retry: () => void };

/** The request itself failed (no answer at all), as opposed to an error the server answered with. */
function isNetworkFailure(error: unknown): boolean {
  return error instanceof TypeError || (typeof navigator !== "undefined" && !navigator.onLine);
}

/** useActionState, plus `unsent` when the last submission never reached the server. */
export function useFormAction<State>(action: Action<Awaited<State>>, initial: Awaited<State>) {
  const [unsentForm, setUnsentForm] = useState<FormData | null>(null);
  const [state, dispatch, pending] = useActionState(async (previous: Awaited<State>, form: FormData) => {
    try {
      const next = await action(previous, form);
      setUnsentForm(null);
      return next;
    } catch (error) {
      if (!isNetworkFailure(error)) throw error;
      setUnsentForm(form);
      return previous;
    }
  }, initial);
  const unsent: Unsent | null = unsentForm && { form: unsentForm, retry: () => startTransition(() => dispatch(unsentForm)) };
  return [state, dispatch, pending, unsent] as const;
}

/** "Couldn't connect" with Retry, shown next to the control whose form did not get through. */
export function RetryNotice({ unsent, pending, className = "" }: { unsent: Unsent | null; pending?: boolean; className?: string }) {
  if (!unsent) return null;
  return (
    <p role="alert" data-testid="retry-notice" className={`flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-red-700 dark:text-red-300 ${className}`}>
      <span>Couldn&apos;t connect. Check your internet connection.</span>
      <button
        type="button"
        onClick={unsent.retry}
        disabled={pending}
        className="rounded-md border border-red-300 bg-white px-2 py-0.5 text-sm font-medium text-red-700 hover:bg-red-50 disabled:opacity-60 dark:border-red-500/40 dark:bg-transparent dark:text-red-300 dark:hover:bg-red-950/40"
      >
        {pending ? "Retrying…" : "Retry"}
      </button>
    </p>
  );
}
