"use server";

import { requireSession } from "@/lib/auth/session";
import { revealSessionIds } from "@/lib/sessions/store";
import { revealSessionIdsInput } from "@/lib/validations/session-actions";

export type RevealState = { shown: boolean; ids: Record<string, string>; error?: string };

/**
 * Show / Hide Tokens. Full session IDs leave the server only here, only for the caller's own
 * sessions, and only when asked; the page's HTML carries truncated IDs and opaque row handles.
 */
export async function revealSessionIdsAction(_previous: RevealState, formData: FormData): Promise<RevealState> {
  const session = await requireSession("/settings/sessions");
  const input = revealSessionIdsInput.safeParse({ intent: formData.get("intent"), handles: formData.getAll("handle") });
  if (!input.success) return { shown: false, ids: {}, error: "Those sessions could not be found." };
  if (input.data.intent === "hide") return { shown: false, ids: {} };
  return { shown: true, ids: await revealSessionIds(session.user.id, input.data.handles) };
}
