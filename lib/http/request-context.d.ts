import type { IncomingMessage, ServerResponse } from "node:http";

export const RETRY_AFTER_SECONDS: number;
export function markDatabaseUnavailable(): void;
export function databaseUnavailableInThisRequest(): boolean;
export function runWithRequestContext(req: IncomingMessage, res: ServerResponse, handle: () => unknown): unknown;
