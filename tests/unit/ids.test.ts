import { describe, expect, it } from "vitest";
import { newSessionHandle, newSessionId, SESSION_HANDLE_PATTERN, SESSION_ID_PATTERN, truncateSessionId } from "@/lib/sessions/ids";

const BASE64URL = /^[A-Za-z0-9_-]+$/;

describe("newSessionId", () => {
  it("is 32 URL-safe characters: 192 random bits, at least the 128 the spec asks for", () => {
    const id = newSessionId();
    expect(id).toHaveLength(32);
    expect(id).toMatch(BASE64URL);
    expect(id).toMatch(SESSION_ID_PATTERN);
    expect(encodeURIComponent(id)).toBe(id);
    expect(Buffer.from(id, "base64url").length * 8).toBeGreaterThanOrEqual(128);
  });

  it("never repeats over many IDs", () => {
    const ids = Array.from({ length: 20_000 }, newSessionId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("is random in every position: no counter, timestamp or shared prefix to guess from", () => {
    const ids = Array.from({ length: 2_000 }, newSessionId);
    for (let position = 0; position < 32; position++) {
      const seen = new Set(ids.map((id) => id[position]));
      // 64 symbols are possible; a guessable position would show only a handful.
      expect(seen.size, `position ${position}`).toBeGreaterThan(40);
    }
  });
});

describe("newSessionHandle", () => {
  it("is 16 URL-safe characters, unique, and shaped unlike a session ID", () => {
    const handles = Array.from({ length: 10_000 }, newSessionHandle);
    expect(new Set(handles).size).toBe(handles.length);
    for (const handle of handles.slice(0, 100)) {
      expect(handle).toMatch(SESSION_HANDLE_PATTERN);
      expect(handle).not.toMatch(SESSION_ID_PATTERN);
    }
    expect(newSessionId()).not.toMatch(SESSION_HANDLE_PATTERN);
  });
});

describe("truncateSessionId", () => {
  it("shows only a few characters of a session ID, not enough to use or read out", () => {
    const id = newSessionId();
    const short = truncateSessionId(id);
    const visible = short.replace("…", "");
    expect(short).toContain("…");
    expect(visible.length).toBeLessThanOrEqual(10);
    expect(visible.length).toBeLessThan(id.length / 2);
    expect(id.startsWith(short.split("…")[0]!)).toBe(true);
    expect(id.endsWith(short.split("…")[1]!)).toBe(true);
    expect(short).not.toMatch(SESSION_ID_PATTERN);
  });

  it("still tells sessions apart", () => {
    const shorts = new Set(Array.from({ length: 1_000 }, () => truncateSessionId(newSessionId())));
    expect(shorts.size).toBe(1_000);
  });
});
