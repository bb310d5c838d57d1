import type { Role } from "@/lib/db/generated/enums";
import { ROLE_CHOICES, ROLE_LABEL } from "@/lib/users/roles";

/** The three roles as radio cards, each with what it may do (Add member, Change role). */
export function RolePicker({ defaultRole, error, idPrefix }: { defaultRole: Role; error?: string; idPrefix: string }) {
  return (
    <fieldset aria-describedby={error ? `${idPrefix}-role-error` : undefined}>
      <legend className="text-sm font-medium">Role</legend>
      <div className="mt-2 space-y-2">
        {ROLE_CHOICES.map(({ role, description }) => (
          <label
            key={role}
            htmlFor={`${idPrefix}-${role}`}
            className="flex cursor-pointer gap-3 rounded-lg border border-slate-200 p-3 hover:bg-slate-50 has-checked:border-indigo-500 has-checked:bg-indigo-50/60 has-focus-visible:ring-2 has-focus-visible:ring-indigo-500/40 dark:border-slate-700 dark:hover:bg-slate-800/60 dark:has-checked:border-indigo-400 dark:has-checked:bg-indigo-500/10"
          >
            <input
              id={`${idPrefix}-${role}`}
              type="radio"
              name="role"
              value={role}
              defaultChecked={role === defaultRole}
              aria-describedby={`${idPrefix}-${role}-hint`}
              className="mt-0.5 size-4 shrink-0 accent-indigo-600"
            />
            <span className="min-w-0">
              <span className="block text-sm font-medium">{ROLE_LABEL[role]}</span>
              <span id={`${idPrefix}-${role}-hint`} className="block text-xs text-slate-600 dark:text-slate-300">{description}</span>
            </span>
          </label>
        ))}
      </div>
      {error && <p id={`${idPrefix}-role-error`} className="mt-1.5 text-sm text-red-700 dark:text-red-300">{error}</p>}
    </fieldset>
  );
}
