"use client";

import { useActionState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { reportSessionAction, type ReportSessionState } from "@/lib/actions/report-session";

// A named class (app/globals.css): a long list repeats it on every row.
const linkButton = "btn-link-danger";

/**
 * "Wasn't me?" on another device's row (and the banner's "No, secure my account"): asks first,
 * saying what will end, then reports the session; on success the action sends the user to the
 * Password tab.
 */
export function WasntMeButton({
  handle,
  device,
  place,
  laterSessions,
  triggerLabel = "Wasn't me?",
  triggerClassName = linkButton,
  className = "mt-1 flex flex-col items-start gap-1 md:items-end",
}: {
  handle: string;
  /** "Firefox on Windows". */
  device: string;
  /** "Berlin, Germany". */
  place: string;
  /** How many other sessions of the user (not this one) started after it and will end with it. */
  laterSessions: number;
  triggerLabel?: string;
  triggerClassName?: string;
  /** Where it sits: under Logout on a row (the default), or beside Yes in the banner. */
  className?: string;
}) {
  const [state, action, pending] = useActionState<ReportSessionState, FormData>(reportSessionAction, { status: "idle", message: "" });
  return (
    // text-left: the dialog inside must not take the Actions column's right alignment.
    <div className={`text-left ${className}`}>
      <ConfirmDialog
        triggerLabel={triggerLabel}
        triggerClassName={triggerClassName}
        title="Secure your account?"
        confirmLabel="End sessions and change password"
        action={action}
        fields={{ handle }}
        pending={pending}
        testId="wasnt-me"
      >
        <p>
          This ends the session on <strong>{device}</strong> ({place})
          {laterSessions > 0 ? (
            <>
              {" "}and the {laterSessions === 1 ? "session" : `${laterSessions} sessions`} that started after it
            </>
          ) : null}
          . {laterSessions > 0 ? "Those devices are signed out on their next request." : "That device is signed out on its next request."} You stay signed in here.
        </p>
        <p className="mt-2">Next you&apos;ll choose a new password, so whoever it was cannot sign in again.</p>
      </ConfirmDialog>
      {state.status === "error" && (
        <span role="alert" className="text-xs text-red-700 dark:text-red-300">
          {state.message}
        </span>
      )}
    </div>
  );
}
