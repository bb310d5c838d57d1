/** What requestIp() says when the request carried no address at all. */
export const UNKNOWN_IP = "0.0.0.0";

/**
 * The client's address as the app sees it. The launcher's HTTP server (scripts/server.mjs) has
 * already replaced X-Forwarded-For with the one address it trusts (the socket's, or the one
 * TRUST_PROXY_HOPS from the right). The rightmost entry is taken in case anything else appended.
 */
export function requestIp(forwardedFor: string | null | undefined): string {
  return forwardedFor?.split(",").at(-1)?.trim() || UNKNOWN_IP;
}
