// What a Server Action request may carry. Every action of this app is a form action: the browser
// sends multipart/form-data, either from React (a Next-Action header and a root field "0" that
// lists the arguments, the form being "$K1") or, with JavaScript off, from the form itself (its
// action named in a "$ACTION_ID_…" field). React decodes anything else it is sent, and Next turns
// a payload that fails to decode into a 500, so the gate (proxy.ts) checks the shape first and
// lets through only the plain data our forms send: no promises, streams, server references,
// maps, sets or blobs, and nothing nested deeper than any form's state.

const MAX_DEPTH = 16;

/** The "$…" strings of React's reply format that plain form state can contain. */
const PLAIN_REFERENCE = /^\$(?:\$.*|K[0-9a-f]{1,8}|undefined|D\d{4}-\d\d-\d\dT[\d:.]+Z|I|-I|N|-0|n-?\d{1,30})$/s;

/** Why this JSON model is not plain form data, or null when it is. */
export function modelProblem(text: string): string | null {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return "not JSON";
  }
  // Walked without recursion, so no depth of nesting can overflow the stack here.
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (depth > MAX_DEPTH) return "nested too deeply";
    if (typeof value === "string") {
      if (value.startsWith("$") && !PLAIN_REFERENCE.test(value)) return "a reference forms never send";
    } else if (value && typeof value === "object") {
      for (const item of Array.isArray(value) ? value : Object.values(value)) stack.push([item, depth + 1]);
    }
  }
  return null;
}

type FormFields = { keys(): IterableIterator<string> | Iterable<string>; get(name: string): unknown };

/** Why a Server Action request's form must be refused, or null to let Next decode it. */
export function actionPayloadProblem(form: FormFields, viaReact: boolean): string | null {
  const keys = [...form.keys()];
  if (viaReact) {
    const root = form.get("0");
    if (typeof root !== "string") return "no arguments";
    if (!root.startsWith("[")) return "the arguments are not a list";
    return modelProblem(root);
  }
  // Without JavaScript: the form names its action, and any bound state is plain data too.
  const named = keys.filter((k) => k.startsWith("$ACTION_ID_") || k.startsWith("$ACTION_REF_"));
  if (named.length !== 1) return "no single action named";
  for (const key of keys) {
    if (!/^\$ACTION_\d+:\d+$/.test(key)) continue;
    const value = form.get(key);
    const problem = typeof value === "string" ? modelProblem(value) : "a file where state belongs";
    if (problem) return problem;
  }
  return null;
}
