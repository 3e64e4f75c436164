// Chinese names in the order people look them up: by pinyin, as a dictionary or a school's own
// lists do (issue 12). Sorting by code point puts 机电 before 电子, which nobody expects. Databases
// do not agree on this (SQLite compares bytes, MySQL's utf8mb4_unicode_ci code points), so lists
// are sorted here, after the query.
const collator = new Intl.Collator('zh-Hans-CN');

export const compareChinese = (a: string, b: string): number => collator.compare(a, b);

export const byName = <T extends { name: string }>(a: T, b: T): number => compareChinese(a.name, b.name);

/** A copy of `rows` in pinyin order of their names. */
export const sortedByName = <T extends { name: string }>(rows: readonly T[]): T[] => [...rows].sort(byName);
