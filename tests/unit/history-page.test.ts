import { describe, expect, it } from "vitest";
import { clampPage, historyCursorIdSchema, historyCursorQuerySchema, historyPageSchema, pageQuerySchema } from "@/lib/validations/history-page";

describe("pageQuerySchema (?page= on My Sessions)", () => {
  it("reads a page number, and lands anything else on the nearest one", () => {
    const cases: [unknown, number][] = [
      [undefined, 1],
      ["", 1],
      ["1", 1],
      ["7", 7],
      [" 3 ", 3],
      ["0", 1],
      ["-4", 1],
      ["2.7", 2],
      ["abc", 1],
      ["3abc", 3],
      ["1e9", 100_000],
      ["Infinity", 1],
      [["4", "9"], 4],
      [[], 1],
      [{ page: 2 }, 1],
    ];
    for (const [raw, page] of cases) expect(pageQuerySchema.parse(raw), JSON.stringify(raw)).toBe(page);
  });

  it("leaves the API's strict schema strict", () => {
    expect(historyPageSchema.safeParse("abc").success).toBe(false);
    expect(historyPageSchema.safeParse("0").success).toBe(false);
  });
});

describe("clampPage", () => {
  it("keeps a page within the pages there are", () => {
    expect(clampPage(1, 3)).toBe(1);
    expect(clampPage(3, 3)).toBe(3);
    expect(clampPage(9, 3)).toBe(3);
    expect(clampPage(0, 3)).toBe(1);
    // No history at all: still page 1.
    expect(clampPage(5, 0)).toBe(1);
  });
});

describe("history cursors (?after= / ?before=)", () => {
  it("on the pages: a row handle, or nothing (the page number alone still works)", () => {
    const handle = "AbC-_0123456789x";
    const cases: [unknown, string | undefined][] = [
      [handle, handle],
      [[handle, "zzzzzzzzzzzzzzzz"], handle],
      [undefined, undefined],
      ["", undefined],
      ["short", undefined],
      [`${handle}x`, undefined],
      ["'; DROP TABLE x;--", undefined],
      [{ after: handle }, undefined],
    ];
    for (const [raw, parsed] of cases) expect(historyCursorQuerySchema.parse(raw), JSON.stringify(raw)).toBe(parsed);
  });

  it("in the API: a session ID or absent, anything else refused", () => {
    expect(historyCursorIdSchema.safeParse("A".repeat(32))).toMatchObject({ success: true, data: "A".repeat(32) });
    expect(historyCursorIdSchema.safeParse(undefined)).toMatchObject({ success: true, data: undefined });
    for (const bad of ["", "A".repeat(31), "A".repeat(16), "A".repeat(31) + "!"]) expect(historyCursorIdSchema.safeParse(bad).success, bad).toBe(false);
  });
});
