// Every time the users see or type is Asia/Shanghai. China has kept UTC+8 without daylight saving
// since 1991, so a fixed offset is exact and needs no time-zone database.
const OFFSET_MS = 8 * 60 * 60 * 1000;

const pad = (n: number) => String(n).padStart(2, '0');

function parts(date: Date) {
  const local = new Date(date.getTime() + OFFSET_MS);
  return {
    y: local.getUTCFullYear(),
    mo: pad(local.getUTCMonth() + 1),
    d: pad(local.getUTCDate()),
    h: pad(local.getUTCHours()),
    mi: pad(local.getUTCMinutes()),
  };
}

/** "2024-09-20T17:00" or "2024-09-20 17:00" (Shanghai wall time) → instant; null when malformed. */
export function parseShanghai(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  const utc = Date.UTC(y, mo - 1, d, h, mi) - OFFSET_MS;
  const check = parts(new Date(utc));
  if (check.y !== y || Number(check.mo) !== mo || Number(check.d) !== d || Number(check.h) !== h) return null;
  return new Date(utc);
}

export function shanghaiAt(y: number, month: number, day: number, hour = 0, minute = 0): Date {
  return new Date(Date.UTC(y, month - 1, day, hour, minute) - OFFSET_MS);
}

/** "2024-09-20 17:00" */
export function formatShanghai(date: Date): string {
  const p = parts(date);
  return `${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}`;
}

/** "09-20 17:00": the short form for notices within one season. */
export function formatShortShanghai(date: Date): string {
  const p = parts(date);
  return `${p.mo}-${p.d} ${p.h}:${p.mi}`;
}

/** The value a <input type="datetime-local"> expects. */
export function toInputValue(date: Date): string {
  return formatShanghai(date).replace(' ', 'T');
}
