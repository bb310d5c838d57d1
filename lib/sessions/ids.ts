import { randomBytes } from "node:crypto";

/** A new public session ID: 192 random bits, URL-safe base64 (32 characters). */
export function newSessionId(): string {
  return randomBytes(24).toString("base64url");
}

/** A new opaque row handle: what the pages put in forms instead of the session ID. */
export function newSessionHandle(): string {
  return randomBytes(12).toString("base64url");
}

/** What the session ID looks like, for validating route params and API input. */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{32}$/;
export const SESSION_HANDLE_PATTERN = /^[A-Za-z0-9_-]{16}$/;

/** The truncated form shown by default: enough to tell sessions apart, not enough to read out. */
export function truncateSessionId(id: string): string {
  return id.length <= 12 ? id : `${id.slice(0, 6)}…${id.slice(-4)}`;
}
