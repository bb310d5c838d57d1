import { describe, expect, it } from "vitest";
import { clampPage, historyPageSchema, pageQuerySchema } from "@/lib/validations/history-page";

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
