// Vitest runs outside React's server environment; "server-only" is a build-time guard for Next.
export {};
