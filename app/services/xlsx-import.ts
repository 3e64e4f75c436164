// The shape every .xlsx import has — students, registrations, payments, and the results to come:
// read the first sheet; sort its rows into good and bad, each bad row with its reasons in the
// import's own words; show that as the preview; then, in one transaction that checks again, write
// every row, or none when one is bad unless the clean rows only were chosen. Each import supplies
// its columns, its per-row check and its write; the steps and the all-or-nothing rule are here.
import { AppError, invalid } from '../domain/errors.js';
import { readFirstSheet } from '../lib/excel.js';

export const messages = {
  hasBadRows: (n: number) => `有 ${n} 行有问题，整个文件未导入。请改正后重新上传，或选择“只导入无误的行”`,
};

export type Sheet = Awaited<ReturnType<typeof readFirstSheet>>;

/** The first sheet, one row past the limit so the check can say the file is too long. */
export async function readImportSheet(file: string, maxRows: number, unreadable: string): Promise<Sheet> {
  try {
    return await readFirstSheet(file, maxRows + 1);
  } catch {
    throw invalid(unreadable);
  }
}

/** Runs a sheet's row parser; one that refuses the sheet's length (a RangeError) is a refusal. */
export function parsedRows<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof RangeError) throw invalid(error.message);
    throw error;
  }
}

/**
 * Checks each candidate row (or group of rows) in order: what passes is good; a refusal
 * (AppError) becomes the bad rows `refused` makes of it, with its sentence as the reason.
 */
export async function sortRows<R, G, B>(
  candidates: R[],
  check: (candidate: R) => Promise<G>,
  refused: (candidate: R, reason: string) => B[],
): Promise<{ good: G[]; bad: B[] }> {
  const good: G[] = [];
  const bad: B[] = [];
  for (const candidate of candidates) {
    try {
      good.push(await check(candidate));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      bad.push(...refused(candidate, error.message));
    }
  }
  return { good, bad };
}

/** Bad rows in the order of the sheet, wherever they were found. */
export const byRow = <B extends { rowNumber: number }>(bad: B[]): B[] => bad.sort((a, b) => a.rowNumber - b.rowNumber);

/** The all-or-nothing rule at the write: a bad row stops the file unless only the clean rows were chosen. */
export function assertWritable(good: number, bad: number, onlyCleanRows: boolean, nothing: string): void {
  if (bad && !onlyCleanRows) throw invalid(messages.hasBadRows(bad));
  if (!good) throw invalid(nothing);
}
