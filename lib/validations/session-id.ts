import { z } from "zod";
import { SESSION_HANDLE_PATTERN, SESSION_ID_PATTERN } from "@/lib/sessions/ids";

/** A full session ID, as the JSON API takes it in the URL. */
export const sessionIdSchema = z.string().regex(SESSION_ID_PATTERN, "Not a session ID.");

/** A row handle, as the pages' forms send it. */
export const sessionHandleSchema = z.string().regex(SESSION_HANDLE_PATTERN, "Not a session.");
