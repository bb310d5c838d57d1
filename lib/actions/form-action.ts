import "server-only";
import type { z } from "zod";
import {
  requireCustomer,
  requireSession,
  requireStaff,
  type CurrentSession,
  type CustomerSession,
  type StaffSession,
} from "@/lib/auth/session";

/**
 * Every Server Action of this app is a form action called as (previous state, form data), and
 * every one is built here. Server Actions are public endpoints: whatever a client posts is
 * decoded into their arguments, so this wrapper
 *  - checks who is asking: a live session (or the login page); an action for one audience only
 *    (`for: "customer"`, the members of customer accounts; `for: "staff"`, Broker Buddha
 *    support) is a 404 for everyone else, exactly as if it did not exist; a `guard` narrows it
 *    further (only Account Owners) before anything is read;
 *  - checks that the arguments are a form, and reads it into the action's zod schema (`input`),
 *    so the action receives typed input or is never called: bad input gets the action's
 *    `invalid` state (or `invalidInput`'s, for forms that show errors next to their fields);
 *  - returns the action's typed state, which the form shows with useActionState.
 * What an action changes is recorded in the security log by the store, in the change's own
 * transaction (lib/security/events.ts), not here.
 */

type Audience = "customer" | "staff";
type SessionFor<A extends Audience | undefined> = A extends "customer" ? CustomerSession : A extends "staff" ? StaffSession : CurrentSession;
type Action<State> = (previous: State, form: FormData) => Promise<State>;

type Options<State, A extends Audience | undefined> = {
  /** Where the login page returns to when the session has ended. */
  returnTo?: string;
  for?: A;
  /** The state for arguments that are not a form, or input that fails the schema. */
  invalid: State;
  /** Who among the audience may act at all, checked before the input is read: a refusal state, or null to go on. */
  guard?: (session: SessionFor<A>) => State | null;
};

type InputOptions<State, A extends Audience | undefined, Input> = Options<State, A> & {
  /** The form's schema, or a schema made for the signed-in user (a password must not contain their name). */
  input: z.ZodType<Input> | ((session: SessionFor<A>) => z.ZodType<Input>);
  /** What to hand the schema; by default each field's value (a list when the field repeats). */
  read?: (form: FormData) => Record<string, unknown>;
  /** The state for input that fails the schema, from its issues (per-field messages). */
  invalidInput?: (error: z.ZodError, fields: Record<string, unknown>) => State;
};

/** A form's fields as an object: a field given once is its text, a repeated one a list; files are dropped. */
export function formFields(form: FormData): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    if (key.startsWith("$ACTION")) continue;
    const values = form.getAll(key).filter((value): value is string => typeof value === "string");
    fields[key] = values.length === 1 ? values[0] : values;
  }
  return fields;
}

/** The first message for each field of a failed parse, for errors shown next to the fields. */
export function fieldErrors<Field extends string>(error: z.ZodError): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  for (const issue of error.issues) {
    const key = issue.path[0] as Field | undefined;
    if (typeof key === "string" && !errors[key]) errors[key] = issue.message;
  }
  return errors;
}

const REQUIRE = { customer: requireCustomer, staff: requireStaff } as const;

/** A guard for what only an Account Owner may do (and not while on a one-time password). */
export function accountOwnersOnly<State>(refusal: State): (session: CustomerSession) => State | null {
  return (session) => (session.user.role === "ACCOUNT_OWNER" && !session.user.mustChangePassword ? null : refusal);
}

export function formAction<State, Input, A extends Audience | undefined = undefined>(
  options: InputOptions<State, A, Input>,
  action: (session: SessionFor<A>, input: Input, previous: State) => Promise<State>,
): Action<State>;
export function formAction<State, A extends Audience | undefined = undefined>(
  options: Options<State, A>,
  action: (session: SessionFor<A>, form: FormData, previous: State) => Promise<State>,
): Action<State>;
export function formAction<State, Input, A extends Audience | undefined>(
  options: Options<State, A> | InputOptions<State, A, Input>,
  action: (session: SessionFor<A>, input: Input | FormData, previous: State) => Promise<State>,
): Action<State> {
  const require = options.for ? REQUIRE[options.for] : requireSession;
  return async (previous, form) => {
    const session = (await require(options.returnTo)) as SessionFor<A>;
    const refused = options.guard?.(session) ?? null;
    if (refused !== null) return refused;
    if (!(form instanceof FormData)) return options.invalid;
    if (!("input" in options)) return action(session, form, previous);
    const schema = typeof options.input === "function" ? options.input(session) : options.input;
    const fields = (options.read ?? formFields)(form);
    const parsed = schema.safeParse(fields);
    if (!parsed.success) return options.invalidInput ? options.invalidInput(parsed.error, fields) : options.invalid;
    return action(session, parsed.data, previous);
  };
}
