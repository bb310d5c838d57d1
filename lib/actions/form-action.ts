import "server-only";
import { requireCustomer, requireSession, requireStaff, type CurrentSession } from "@/lib/auth/session";

/**
 * Every Server Action of this app is a form action called as (previous state, form data). Server
 * Actions are public endpoints: whatever a client posts is decoded into their arguments, so this
 * wrapper checks who is asking (a live session, or the login page) and that the arguments are a
 * form before the action's own zod schema reads it. Anything else gets the action's "invalid"
 * state, never an exception. An action for one audience only (`for: "customer"`: the members of
 * customer accounts; `for: "staff"`: Broker Buddha support) is a 404 for everyone else, exactly
 * as if it did not exist.
 */
export function formAction<State>(
  options: { returnTo?: string; invalid: State; for?: "customer" | "staff" },
  action: (session: CurrentSession, form: FormData, previous: State) => Promise<State>,
): (previous: State, form: FormData) => Promise<State> {
  const who = options.for === "staff" ? requireStaff : options.for === "customer" ? requireCustomer : requireSession;
  return async (previous, form) => {
    const session = await who(options.returnTo);
    if (!(form instanceof FormData)) return options.invalid;
    return action(session, form, previous);
  };
}
