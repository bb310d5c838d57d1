import { describe, expect, it } from "vitest";
import { DEFAULT_HEAP_MB, serverProcessSettings } from "../../scripts/launcher/memory.mjs";

// The server process's memory settings, which only a new process can have: a V8 heap limit and
// glibc's mmap threshold, unless the operator chose their own.

describe("server process memory settings", () => {
  it("limits the heap and fixes the mmap threshold by default, keeping the rest of the environment", () => {
    const { execArgv, env } = serverProcessSettings({ PATH: "/usr/bin", DATABASE_URL: "postgresql://db/app" });
    expect(execArgv).toEqual([`--max-old-space-size=${DEFAULT_HEAP_MB}`]);
    expect(env).toEqual({ PATH: "/usr/bin", DATABASE_URL: "postgresql://db/app", MALLOC_MMAP_THRESHOLD_: "1048576" });
  });

  it("takes SERVER_HEAP_MB, and refuses one that is not a whole number of at least 64 MB", () => {
    expect(serverProcessSettings({ SERVER_HEAP_MB: "512" }).execArgv).toEqual(["--max-old-space-size=512"]);
    for (const bad of ["", "abc", "12", "256.5", "-1"]) expect(() => serverProcessSettings({ SERVER_HEAP_MB: bad })).toThrow(/SERVER_HEAP_MB/);
  });

  it("leaves an operator's own heap limit and mmap threshold alone", () => {
    const own = serverProcessSettings({ NODE_OPTIONS: "--enable-source-maps --max-old-space-size=1024", MALLOC_MMAP_THRESHOLD_: "65536" });
    expect(own.execArgv).toEqual([]);
    expect(own.env.MALLOC_MMAP_THRESHOLD_).toBe("65536");
    expect(serverProcessSettings({ NODE_OPTIONS: "--max-old-space-size 768" }).execArgv).toEqual([]);
  });
});
