// How the launcher starts the production server's process (scripts/serve.mjs): memory settings
// that Node and glibc read only when a process starts.
// - V8's heap limit: without one, V8 sizes it from the machine (4 GB on 24 GB) and lets the heap
//   grow far past what the app keeps alive under load; with 256 MB it collects sooner.
// - glibc's mmap threshold: every libuv thread that has hashed a password with scrypt would keep
//   its 16 MB buffer in its own malloc arena (glibc raises the threshold after the first free);
//   fixed at 1 MB, such buffers go back to the system when freed.
// An operator's own settings win: --max-old-space-size in NODE_OPTIONS, MALLOC_MMAP_THRESHOLD_.

/** The server's V8 heap limit, in MB, unless NODE_OPTIONS sets one (SERVER_HEAP_MB overrides the default). */
export const DEFAULT_HEAP_MB = 256;

/** Node's arguments and the environment for the server process, from the launcher's environment. */
export function serverProcessSettings(env) {
  const heapMb = Number(env.SERVER_HEAP_MB ?? DEFAULT_HEAP_MB);
  if (!Number.isInteger(heapMb) || heapMb < 64) throw new Error(`SERVER_HEAP_MB must be a whole number of MB, at least 64; got "${env.SERVER_HEAP_MB}".`);
  const ownHeapLimit = /--max-old-space-size[=\s]/.test(env.NODE_OPTIONS ?? "");
  return {
    execArgv: ownHeapLimit ? [] : [`--max-old-space-size=${heapMb}`],
    env: { ...env, MALLOC_MMAP_THRESHOLD_: env.MALLOC_MMAP_THRESHOLD_ ?? "1048576" },
  };
}
