// What the three imports (students, registrations, payments) say alike once a file is imported.

/** The end of an import's notice when the clean rows only were imported: how many were left out. */
export const skippedRows = (skipped: number) => (skipped ? `，跳过有问题的 ${skipped} 行` : '');
