import { z } from "zod";

/** ?page= for My Session History: a positive whole number, 1 when absent. */
export const historyPageSchema = z.coerce.number().int().min(1).max(100_000).default(1);
