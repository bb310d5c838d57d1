"use client";

import { useId, useRef } from "react";

/**
 * A button that opens a modal confirmation (native <dialog>: the page behind is inert, focus is
 * trapped inside and returns to the button on close). The dialog's form submits `action`.
 */
export function ConfirmButton({
  label,
  title,
  body,
  confirmLabel,
  action,
  fields,
  pending,
  buttonClassName,
  testId,
}: {
  label: React.ReactNode;
  title: string;
  body: React.ReactNode;
  confirmLabel: string;
  action: (formData: FormData) => void;
  fields: Record<string, string>;
  pending?: boolean;
  buttonClassName: string;
  testId?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  return (
    <>
      <button type="button" className={buttonClassName} disabled={pending} data-testid={testId} onClick={() => dialog.current?.showModal()}>
        {label}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-xl border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-950/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      >
        <form action={action} onSubmit={() => dialog.current?.close()} className="p-6">
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <h2 id={titleId} className="text-base font-semibold">{title}</h2>
          <div id={bodyId} className="mt-2 text-sm text-slate-600 dark:text-slate-300">{body}</div>
          <div className="mt-6 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <button type="button" autoFocus onClick={() => dialog.current?.close()}
              className="rounded-md border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-50 dark:border-slate-600 dark:hover:bg-slate-800">
              Cancel
            </button>
            <button type="submit" className="rounded-md bg-red-600 px-3 py-2 text-sm font-semibold text-white hover:bg-red-500">
              {confirmLabel}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
