export const BODY_LIMIT: number;
export const AUTH_BODY_LIMIT: number;
export function wellEncoded(text: string): boolean;
export function malformed(method: string | undefined, url: string | undefined, headers: Record<string, string | string[] | undefined>): [number, string] | null;
export function refuseMalformed(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse): boolean;
