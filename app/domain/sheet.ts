/** A spreadsheet cell as text, and whether Excel had stored it as a number. */
export type Cell = { text: string; numeric: boolean };
export type SheetRow = { rowNumber: number; cells: Cell[] };
