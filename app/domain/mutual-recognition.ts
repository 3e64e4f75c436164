// Special-operation certificates that count as a skill level (seed 002 §二(一)):
// 低压电工作业、熔化焊接与热切割作业、建筑电工、建筑焊工 → 视同初级工（五级），可报中级工（四级）；
// 高压电工作业、特种设备焊接操作人员证书 → 视同中级工（四级），可报高级工（三级）。
import type { Level } from './levels.js';

/** What a student declares they hold: a skill-level certificate or a special-operation permit. */
export type HeldType = 'skill' | 'operation';

export type OperationCertificate = { code: string; name: string; occupation: '电工' | '焊工'; countsAs: Level };

export const OPERATION_CERTIFICATES: OperationCertificate[] = [
  { code: 'low-voltage-electrician', name: '低压电工作业特种作业操作证', occupation: '电工', countsAs: 5 },
  { code: 'construction-electrician', name: '建筑电工特种作业操作证', occupation: '电工', countsAs: 5 },
  { code: 'high-voltage-electrician', name: '高压电工作业特种作业操作证', occupation: '电工', countsAs: 4 },
  { code: 'fusion-welding', name: '熔化焊接与热切割作业特种作业操作证', occupation: '焊工', countsAs: 5 },
  { code: 'construction-welder', name: '建筑焊工特种作业操作证', occupation: '焊工', countsAs: 5 },
  { code: 'special-equipment-welder', name: '特种设备焊接操作人员证书', occupation: '焊工', countsAs: 4 },
];

export function operationCertificate(code: string): OperationCertificate | null {
  return OPERATION_CERTIFICATES.find((c) => c.code === code) ?? null;
}

export type Recognition = { occupation: string; countsAs: Level; mayApplyFor: Level; because: string };

/** For an item named 电工 or 焊工: the highest level the held certificates count as, and the level that opens. */
export function recognitionFor(itemName: string, heldCodes: string[]): Recognition | null {
  const matching = heldCodes
    .map(operationCertificate)
    .filter((c): c is OperationCertificate => c !== null && itemName.startsWith(c.occupation));
  if (!matching.length) return null;
  const best = matching.reduce((a, b) => (b.countsAs < a.countsAs ? b : a));
  return {
    occupation: best.occupation,
    countsAs: best.countsAs,
    mayApplyFor: (best.countsAs - 1) as Level,
    because: best.name,
  };
}
