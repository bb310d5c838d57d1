// CSV for the account's security activity (RFC 4180), safe to open in a spreadsheet: a cell that
// starts with = + - @, a tab or a carriage return could run as a formula (CSV injection), so it
// gets a leading apostrophe; a cell with a comma, quote or line break is quoted.

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell, neutralised and quoted as needed. */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One line, CRLF-terminated. */
export function csvRow(cells: (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}
