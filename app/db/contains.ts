// "Column contains this text", taken literally on both databases. LIKE would treat a typed % or _
// as a wildcard, and SQLite has no default LIKE escape character; INSTR exists in both.
import { Op, col, fn, where } from 'sequelize';

export function contains(column: string, text: string) {
  return where(fn('INSTR', col(column), text), Op.gt, 0);
}
