export function freePort(preferred?: number): Promise<number>;
export function isInitialised(dataDir: string): boolean;
export function startEmbeddedPostgres(options: {
  dataDir: string;
  password: string;
  port?: number;
  log?: (message: string) => void;
  fresh?: boolean;
  /** Off only for throwaway servers (tests, benchmarks): faster, but not crash-safe. */
  fsync?: boolean;
}): Promise<{ dir: string; port: number; version: string; url: string; adminUrl: string; stop: () => Promise<void> }>;
