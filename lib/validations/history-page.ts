import { z } from "zod";
import { sessionHandleSchema, sessionIdSchema } from "./session-id";

const MAX_PAGE = 100_000;

/** ?page= for My Session History in the API: a positive whole number, 1 when absent; anything else is a 400. */
export const historyPageSchema = z.coerce.number().int().min(1).max(MAX_PAGE).default(1);

/**
 * ?page= on a page a person reads: whatever was typed or kept in a bookmark lands on the nearest
 * page number ("0" → 1, "2.7" → 2, "abc" → 1, a repeated parameter → its first value), never
 * an error page. clampPage then brings it within the pages there are.
 */
export const pageQuerySchema = z
  .union([z.string(), z.array(z.string()), z.undefined()])
  .transform((raw) => {
    const text = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? "";
    const number = Number.parseFloat(text);
    return Number.isFinite(number) ? Math.min(MAX_PAGE, Math.max(1, Math.floor(number))) : 1;
  })
  .catch(1);

/** A page number within 1…pageCount (an empty list still has its page 1). */
export function clampPage(page: number, pageCount: number): number {
  return Math.min(Math.max(1, page), Math.max(1, pageCount));
}

/**
 * ?after= / ?before= on My Sessions: the row handle the page's own Next / Previous link carries
 * (where the next page starts). Anything else is ignored: the page number alone still works.
 */
export const historyCursorQuerySchema = z
  .union([z.string(), z.array(z.string()), z.undefined()])
  .transform((raw) => (Array.isArray(raw) ? raw[0] : raw))
  .pipe(sessionHandleSchema.optional())
  .catch(undefined);

/** ?after= / ?before= in the API: a session ID of the page before or after; anything else is a 400. */
export const historyCursorIdSchema = sessionIdSchema.optional();
