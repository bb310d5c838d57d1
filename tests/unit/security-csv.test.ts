import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "@/lib/security/csv";

// The account activity CSV (lib/security/csv.ts): RFC 4180 quoting, and no cell a spreadsheet
// would run as a formula.

describe("CSV cells", () => {
  it("neutralises cells that start like a formula: = + - @ tab and carriage return", () => {
    expect(csvCell("=HYPERLINK(\"http://evil.example\",\"x\")")).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csvCell("+1+1")).toBe("'+1+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=1")).toBe("'\t=1");
    expect(csvCell("\r=1")).toBe(`"'\r=1"`);
  });

  it("leaves ordinary text alone, and quotes commas, quotes and line breaks", () => {
    expect(csvCell("Mia Moreno")).toBe("Mia Moreno");
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvCell("2026-11-28T10:00:00.000Z")).toBe("2026-11-28T10:00:00.000Z");
    expect(csvCell("Berlin, Germany")).toBe(`"Berlin, Germany"`);
    expect(csvCell(`said “hi” and "bye"`)).toBe(`"said “hi” and ""bye"""`);
    expect(csvCell("two\nlines")).toBe(`"two\nlines"`);
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(3)).toBe("3");
  });

  it("joins a row with commas and ends it with CRLF", () => {
    expect(csvRow(["a", null, "=x", "b,c"])).toBe(`a,,'=x,"b,c"\r\n`);
  });
});
