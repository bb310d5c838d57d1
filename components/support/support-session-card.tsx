"use client";

import { useId, useState } from "react";
import { useFormAction, type Unsent } from "@/components/form-action";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { LocalTime } from "@/components/sessions/local-time";
import { DeviceIcon, deviceTypeLabel, StatusBadge } from "@/components/sessions/session-badges";
import { endSupportSessionAction, type EndSupportSessionState } from "@/lib/actions/end-support-session";
import type { SupportSessionJson } from "@/lib/support/present";

const NOTE_MAX = 500;
const idle: EndSupportSessionState = { status: "idle" };

const label = "text-xs font-medium text-slate-500 dark:text-slate-400";

/** `span`: the grid columns it takes (a whole row wherever the fields sit two to a row, say). */
function Field({ name, children, span = "" }: { name: string; children: React.ReactNode; span?: string }) {
  return (
    <div className={`min-w-0 ${span}`}>
      <dt className={label}>{name}</dt>
      <dd className="mt-0.5 break-words text-sm text-slate-900 dark:text-slate-100">{children}</dd>
    </div>
  );
}

function Group({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">{title}</h3>
      <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-3 lg:grid-cols-1">{children}</dl>
    </div>
  );
}

function When({ iso, now }: { iso: string; now: string }) {
  return (
    <>
      <LocalTime iso={iso} now={now} mode="exact" />
      <span className="block text-xs text-slate-500 dark:text-slate-400"><LocalTime iso={iso} now={now} mode="relative" /></span>
    </>
  );
}

/** A session found in the support console: who, which device, when, how it ended; and "End session". */
export function SupportSessionCard({ initial, lookedUpAt }: { initial: SupportSessionJson; lookedUpAt: string }) {
  const [state, end, pending, unsent] = useFormAction(endSupportSessionAction, idle);
  const s = state.status === "ended" ? state.session : initial;
  const now = state.status === "ended" ? (s.ended?.at ?? lookedUpAt) : lookedUpAt;
  const device = s.device;
  const os = [device.os, device.osVersion].filter(Boolean).join(" ") || "Unknown";
  const browser = [device.browser, device.browserVersion].filter(Boolean).join(" ") || "Unknown";

  return (
    <section aria-labelledby="found-heading" data-testid="support-session" data-status={s.status} className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <p role="status" className="sr-only">{state.status === "idle" ? `Found the session of ${s.user.name}.` : ""}</p>
      <div className="flex flex-col gap-3 border-b border-slate-200 px-4 py-4 sm:flex-row sm:items-start sm:justify-between sm:px-5 dark:border-slate-800">
        <div className="flex min-w-0 items-start gap-3">
          <span className="mt-0.5 flex size-10 shrink-0 items-center justify-center rounded-lg bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-300">
            <DeviceIcon type={device.deviceType} />
          </span>
          <div className="min-w-0">
            <h2 id="found-heading" className="text-base font-semibold">
              {device.description} <span className="font-normal text-slate-500 dark:text-slate-400">· {s.user.name}</span>
            </h2>
            <p className="mt-1 flex min-w-0 flex-wrap items-center gap-2 text-xs text-slate-500 dark:text-slate-400">
              <span>Session</span>
              <code data-testid="support-session-id" className="break-all rounded bg-slate-100 px-1.5 py-0.5 font-mono text-slate-700 dark:bg-slate-800 dark:text-slate-200">{s.id}</code>
            </p>
          </div>
        </div>
        <div className="shrink-0"><StatusBadge status={s.status} /></div>
      </div>

      {state.status === "ended" && (
        <p role="status" className="mx-4 mt-4 rounded-md bg-emerald-50 p-3 text-sm text-emerald-800 sm:mx-5 dark:bg-emerald-950/50 dark:text-emerald-200">{state.message}</p>
      )}

      <div className="grid gap-6 px-4 py-5 sm:px-5 lg:grid-cols-3">
        <Group title="Account & user">
          <Field name="Account" span="col-span-2 lg:col-span-1">
            {s.account ? (
              <>
                {s.account.name}
                <span className="block font-mono text-xs text-slate-500 dark:text-slate-400">{s.account.id}</span>
              </>
            ) : (
              "Broker Buddha staff (no customer account)"
            )}
          </Field>
          <Field name="User" span="col-span-2 lg:col-span-1">
            {s.user.name}
            <span className="block text-slate-600 dark:text-slate-300">{s.user.email}</span>
          </Field>
          <Field name="Role">
            <span className="inline-flex flex-wrap items-center gap-2">
              {s.user.roleLabel}
              {s.user.deactivated && (
                <span className="rounded bg-red-50 px-1.5 py-0.5 text-[11px] font-semibold uppercase tracking-wide text-red-700 dark:bg-red-500/15 dark:text-red-200">Deactivated</span>
              )}
            </span>
          </Field>
        </Group>

        <Group title="Device">
          <Field name="Browser">{browser}</Field>
          <Field name="Operating system">{os}</Field>
          <Field name="Device type">{deviceTypeLabel(device.deviceType)}</Field>
          <Field name="IP address"><span className="font-mono text-xs">{s.ip}</span></Field>
          <Field name="Location">{s.location}</Field>
        </Group>

        <Group title="Timeline">
          <Field name="Created"><When iso={s.createdAt} now={now} /></Field>
          <Field name="Last active"><When iso={s.lastActiveAt} now={now} /></Field>
          {s.ended ? (
            <Field name={s.status === "EXPIRED" ? "Expired" : "Ended"}><When iso={s.ended.at} now={now} /></Field>
          ) : (
            <Field name="Expires"><When iso={s.expiresAt} now={now} /></Field>
          )}
        </Group>
      </div>

      {s.ended && <HowItEnded ended={s.ended} now={now} />}
      {s.status === "ACTIVE" && <EndSessionPanel session={s} action={end} pending={pending} unsent={unsent} state={state} />}
      {state.status === "error" && s.status !== "ACTIVE" && (
        <p role="alert" className="border-t border-slate-200 px-4 py-3 text-sm text-red-700 sm:px-5 dark:border-slate-800 dark:text-red-300">{state.message}</p>
      )}
    </section>
  );
}

function HowItEnded({ ended, now }: { ended: NonNullable<SupportSessionJson["ended"]>; now: string }) {
  const by = ended.by ? (ended.by.self ? `${ended.by.name} (the user)` : `${ended.by.name} (${ended.by.roleLabel})`) : "Nobody: it ran out";
  return (
    <div data-testid="support-how-it-ended" className="border-t border-slate-200 bg-slate-50 px-4 py-5 sm:px-5 dark:border-slate-800 dark:bg-slate-950/40">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">How it ended</h3>
      <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-3 lg:grid-cols-4">
        <Field name="Reason">{ended.description}</Field>
        <Field name="By">{by}</Field>
        <Field name="When"><When iso={ended.at} now={now} /></Field>
        <Field name="Its device">
          {ended.deviceSignedOutAt ? (
            <>Device signed out at <LocalTime iso={ended.deviceSignedOutAt} now={now} mode="exact" /></>
          ) : (
            "Not yet: it will be on its next request"
          )}
        </Field>
        {ended.note && (
          <Field name="Note shown to the user" span="col-span-2 lg:col-span-4">
            <span className="block border-l-2 border-indigo-200 pl-2 dark:border-indigo-500/40">“{ended.note}”</span>
          </Field>
        )}
      </dl>
    </div>
  );
}

function EndSessionPanel({
  session,
  action,
  pending,
  unsent,
  state,
}: {
  session: SupportSessionJson;
  action: (form: FormData) => void;
  pending: boolean;
  unsent: Unsent | null;
  state: EndSupportSessionState;
}) {
  const [note, setNote] = useState("");
  const id = useId();
  const length = note.trim().length;
  const tooLong = length > NOTE_MAX;
  const error = state.status === "error" ? state.message : null;
  const account = session.account ? ` (${session.account.name})` : "";
  return (
    <div className="border-t border-slate-200 px-4 py-5 sm:px-5 dark:border-slate-800">
      <h3 className="text-sm font-semibold">End this session</h3>
      <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">
        Its device is signed out on its next request. The user&apos;s history will say “Ended by Broker Buddha support” with your note; your name is not shown to them.
      </p>
      <label htmlFor={id} className="mt-4 block text-sm font-medium">Reason <span className="font-normal text-slate-500 dark:text-slate-400">(required, shown to the user)</span></label>
      <textarea
        id={id}
        value={note}
        onChange={(event) => setNote(event.target.value)}
        rows={3}
        maxLength={NOTE_MAX + 100}
        aria-invalid={tooLong || !!error || undefined}
        aria-describedby={`${id}-count${error ? ` ${id}-error` : ""}`}
        placeholder="e.g. You asked us to sign out the laptop you left at the office."
        className={`mt-1.5 block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-xs placeholder:text-slate-400 focus:outline-none focus:ring-2 dark:bg-slate-950 ${
          tooLong || error ? "border-red-500 focus:ring-red-500/30 dark:border-red-400" : "border-slate-300 focus:border-indigo-500 focus:ring-indigo-500/30 dark:border-slate-700"
        }`}
      />
      <div className="mt-2 flex flex-col-reverse gap-3 sm:flex-row sm:items-center sm:justify-between">
        <p id={`${id}-count`} className={`text-xs ${tooLong ? "text-red-700 dark:text-red-300" : "text-slate-500 dark:text-slate-400"}`}>
          {length} / {NOTE_MAX} characters
        </p>
        <ConfirmDialog
          triggerLabel="End session…"
          triggerDisabled={length === 0 || tooLong}
          title="End this session?"
          confirmLabel="End session"
          action={action}
          fields={{ sessionId: session.id, reason: note }}
          pending={pending}
          unsent={unsent}
          testId="support-end-session"
        >
          <p>
            {session.device.description} of {session.user.name}
            {account} is signed out on its next request. They will see “Ended by Broker Buddha support” and your note:
          </p>
          <p className="mt-2 break-words border-l-2 border-slate-300 pl-2 text-slate-700 dark:border-slate-600 dark:text-slate-200">“{note.trim()}”</p>
        </ConfirmDialog>
      </div>
      {error && (
        <p id={`${id}-error`} role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300">{error}</p>
      )}
    </div>
  );
}
