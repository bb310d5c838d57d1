export function normalizeIp(address: string | undefined | null): string | null;
export function clientIp(
  socketAddress: string | undefined | null,
  forwardedFor: string | string[] | undefined | null,
  trustedHops: number,
): string;
