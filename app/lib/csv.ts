// CSV that Excel on Chinese Windows opens as it is: UTF-8 with a BOM (without one Excel reads the
// file as GBK and garbles it), CRLF lines, every cell quoted, and a leading = + - @ defused the
// way the workbooks do it (a file name from a ZIP is not a formula).
import { safeText } from './excel.js';

export const BOM = '\uFEFF';

export function csvLine(cells: string[]): string {
  return `${cells.map((cell) => `"${safeText(cell).replace(/"/g, '""')}"`).join(',')}\r\n`;
}
