// How an item and a level are named on every page and in every refusal: "电工 四级".
import { type Level } from './levels.js';
import type { ItemKind } from './fees.js';
import { LEVEL_NAMES, LEVEL_SHORT } from './labels.js';

/** 校内考生 or 社会人员 (seed 004 认定对象). */
export type CandidateType = 'campus' | 'social';
export type ItemRef = {
  id: number;
  kind: ItemKind;
  name: string;
  levels: Level[]; // offered levels; empty for special items
  admitsStudents: boolean;
  admitsSocial: boolean;
  active: boolean;
};

export function itemLabel(name: string, level: Level | null): string {
  return level === null ? name : `${name} ${LEVEL_SHORT[level]}`;
}

export function levelLongName(level: Level): string {
  return LEVEL_NAMES[level];
}

/** Accepts what a campus export or a clerk writes: 4, "4", "四级", "中级", "中级工", "四级/中级工". */
export function parseLevelText(text: string): Level | null {
  const t = text.trim().replace(/\s+/g, '');
  if (/^[1-5]$/.test(t)) return Number(t) as Level;
  const names: Array<[Level, string[]]> = [
    [5, ['五级', '初级', '初级工']],
    [4, ['四级', '中级', '中级工']],
    [3, ['三级', '高级', '高级工']],
    [2, ['二级', '技师']],
    [1, ['一级', '高级技师']],
  ];
  for (const [level, words] of names) {
    if (words.includes(t) || t === LEVEL_NAMES[level] || t === `${level}级`) return level;
  }
  return null;
}
