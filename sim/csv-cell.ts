// Spreadsheet formula injection: a CSV cell that opens with =, +, -, @, a tab or a carriage return
// is read as a formula by Excel, LibreOffice and Google Sheets (OWASP "CSV Injection"). Every CSV
// pilotnet writes, from Node or from the browser view, passes its text cells through this one rule.
// Pure: no Node or DOM API, so viz/ imports it as it is.

/** A number as text ("-0.25", "+3", "1e-7") is data, not a formula: left as it is. */
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The text of one CSV cell, neutralised: a cell that a spreadsheet would run as a formula gets a
 * leading apostrophe (shown as text, never evaluated). Numbers and every other text are unchanged.
 */
export function csvSafeCell(text: string): string {
  return FORMULA_START.test(text) && !NUMBER.test(text) ? `'${text}` : text;
}
