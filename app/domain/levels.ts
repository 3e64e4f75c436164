// The five skill levels (seed 001 Art. 6). The certificate data table codes them 1–5.
export const LEVELS = [5, 4, 3, 2, 1] as const;
export type Level = (typeof LEVELS)[number];

export function isLevel(value: unknown): value is Level {
  return typeof value === 'number' && (LEVELS as readonly number[]).includes(value);
}

/** "4,3" ⇄ [4, 3]: how a grade item's offered levels are stored. Highest number (lowest level) first. */
export function parseLevels(text: string): Level[] {
  const levels = text
    .split(/[,，、\s]+/)
    .filter(Boolean)
    .map(Number);
  const unique = [...new Set(levels)];
  if (!unique.every(isLevel)) throw new RangeError(`unknown level in "${text}"`);
  return (unique as Level[]).sort((a, b) => b - a);
}

export function formatLevels(levels: Level[]): string {
  return [...levels].sort((a, b) => b - a).join(',');
}
