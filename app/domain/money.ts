// Money is integer fen everywhere; yuan exists only in forms and on screen.
export function parseYuan(text: string): number | null {
  const m = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "520" for whole yuan, "520.50" otherwise: how a notice or a mail states an amount. */
export function formatYuanPlain(fen: number): string {
  return fen % 100 === 0 ? String(fen / 100) : formatYuan(fen);
}
