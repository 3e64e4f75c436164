/** A spreadsheet cell as text, and whether Excel had stored it as a number. */
export type Cell = { text: string; numeric: boolean };
export type SheetRow = { rowNumber: number; cells: Cell[] };

export type ColumnSpec<F extends string> = { field: F; header: string; aliases: readonly string[] };

/** Where each known column sits in the header row, by its name or one of its aliases (spaces ignored). */
export function headerIndex<F extends string>(header: Cell[], columns: readonly ColumnSpec<F>[]): Map<F, number> {
  const names = header.map((c) => c.text.replace(/\s+/g, ''));
  const index = new Map<F, number>();
  for (const column of columns) {
    const at = names.findIndex((n) => n === column.header || column.aliases.includes(n));
    if (at >= 0) index.set(column.field, at);
  }
  return index;
}
