"use client";

import { useEffect, useId, useRef, useState } from "react";
import { RetryNotice, type Unsent } from "./form-action";

type Props = {
  /** The button that opens the dialog. */
  triggerLabel: string;
  /** The trigger's accessible name when its label alone is ambiguous (one per row of a table). */
  triggerAriaLabel?: string;
  triggerClassName?: string;
  triggerDisabled?: boolean;
  title: string;
  children: React.ReactNode;
  confirmLabel: string;
  /** The form action to run on confirm (for example the dispatch of useActionState). */
  action: (formData: FormData) => void;
  /** Hidden fields posted with the confirm. */
  fields?: Record<string, string>;
  pending?: boolean;
  /** The confirmed form did not reach the server: said next to the trigger, with Retry. */
  unsent?: Unsent | null;
  tone?: "danger" | "primary";
  testId?: string;
};

/** The look of every modal dialog of the app (this one, Add member, Change role). */
export const DIALOG_CLASS =
  "m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-950/60 backdrop:backdrop-blur-[1px] dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100";

const TRIGGER =
  "inline-flex items-center justify-center rounded-md bg-red-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-red-500 disabled:cursor-not-allowed disabled:opacity-50";

/**
 * A confirm step in a native modal <dialog>: the browser keeps focus inside it and Escape closes
 * it; focus starts on Cancel (the safe choice) and returns to the trigger when it closes.
 */
export function ConfirmDialog({ triggerLabel, triggerAriaLabel, triggerClassName = TRIGGER, triggerDisabled, title, children, confirmLabel, action, fields, pending, unsent = null, tone = "danger", testId }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();

  // The dialog exists only while it is open: a table with a dialog on every row would otherwise
  // send every row's dialog in the page's HTML (and React's payload) for nobody to read.
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!shown || dialog.current?.open) return;
    dialog.current?.showModal();
    cancel.current?.focus();
  }, [shown]);

  const open = () => setShown(true);
  const close = () => dialog.current?.close();

  return (
    <>
      <button ref={trigger} type="button" onClick={open} disabled={triggerDisabled || pending} aria-haspopup="dialog" aria-label={triggerAriaLabel} className={triggerClassName} data-testid={testId}>
        {pending ? "Working…" : triggerLabel}
      </button>
      <RetryNotice unsent={unsent} pending={pending} />
      {shown && (
        <dialog
          ref={dialog}
          aria-labelledby={titleId}
          aria-describedby={bodyId}
          onClose={() => {
            setShown(false);
            trigger.current?.focus();
          }}
          onClick={(event) => {
            if (event.target === dialog.current) close(); // a click on the backdrop
          }}
          className={DIALOG_CLASS}
        >
          <form action={action} onSubmit={close} className="p-5 sm:p-6">
            {Object.entries(fields ?? {}).map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
            <div className="flex gap-4">
              <span
                aria-hidden="true"
                className={`flex size-10 shrink-0 items-center justify-center rounded-full ${tone === "danger" ? "bg-red-100 text-red-600 dark:bg-red-500/15 dark:text-red-300" : "bg-indigo-100 text-indigo-600 dark:bg-indigo-500/15 dark:text-indigo-300"}`}
              >
                <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" className="size-5">
                  <path d="M12 9v4m0 4h.01M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0Z" strokeLinecap="round" strokeLinejoin="round" />
                </svg>
              </span>
              <div className="min-w-0">
                <h2 id={titleId} className="text-base font-semibold">{title}</h2>
                <div id={bodyId} className="mt-2 text-sm text-slate-600 dark:text-slate-300">{children}</div>
              </div>
            </div>
            <div className="mt-6 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
              <button
                ref={cancel}
                type="button"
                onClick={close}
                className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-700 shadow-xs hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700"
              >
                Cancel
              </button>
              <button
                type="submit"
                className={`rounded-md px-3 py-2 text-sm font-semibold text-white shadow-sm ${tone === "danger" ? "bg-red-600 hover:bg-red-500" : "bg-indigo-600 hover:bg-indigo-500"}`}
              >
                {confirmLabel}
              </button>
            </div>
          </form>
        </dialog>
      )}
    </>
  );
}
