const ORIGIN = "http://return-to.invalid";

/**
 * Where to send the user after signing in: a path on this site, or "/". Parsed as the browser
 * would (which drops tabs and newlines, and reads "\" as "/"), so "/\t/evil.com" and "/\\evil.com"
 * cannot become a jump to another site.
 */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || value.length > 2048) return "/";
  try {
    const url = new URL(value, ORIGIN);
    if (url.origin !== ORIGIN) return "/";
    const path = url.pathname + url.search;
    return path.startsWith("//") || path.startsWith("/\\") ? "/" : path;
  } catch {
    return "/";
  }
}
