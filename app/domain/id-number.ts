// 18-digit resident ID numbers (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit
// sequence (odd = male), and an ISO 7064 MOD 11-2 check character, where 10 is written "X".
export type IdNumberCheck = { ok: true; value: string } | { ok: false; reason: string };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
// First two digits: the province-level codes of GB/T 2260 (11 北京 … 82 澳门).
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
  64, 65, 71, 81, 82,
]);

export const messages = {
  empty: '身份证号为空',
  length: (n: number) => `身份证号应为 18 位，现在是 ${n} 位`,
  characters: '身份证号前 17 位必须是数字，最后一位是数字或大写 X',
  lowercaseX: '身份证号末位的 x 必须写成大写 X',
  region: '身份证号前 6 位不是有效的地区代码',
  birthDate: (d: string) => `身份证号中的出生日期 ${d} 不存在`,
  checkDigit: '身份证号校验位不对，请逐位核对',
};

export function checkDigitOf(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Validates an ID number exactly as written: no trimming, no case folding (the folder name must match it). */
export function checkIdNumber(raw: string, today: Date = new Date()): IdNumberCheck {
  if (raw.length === 0) return { ok: false, reason: messages.empty };
  if (raw.length !== 18) return { ok: false, reason: messages.length(raw.length) };
  if (/^\d{17}x$/.test(raw)) return { ok: false, reason: messages.lowercaseX };
  if (!/^\d{17}[\dX]$/.test(raw)) return { ok: false, reason: messages.characters };
  if (!PROVINCES.has(Number(raw.slice(0, 2))) || raw.slice(2, 6) === '0000') {
    return { ok: false, reason: messages.region };
  }
  const year = Number(raw.slice(6, 10));
  const month = Number(raw.slice(10, 12));
  const day = Number(raw.slice(12, 14));
  const birth = `${raw.slice(6, 10)}-${raw.slice(10, 12)}-${raw.slice(12, 14)}`;
  if (year < 1900 || !isRealDate(year, month, day) || Date.UTC(year, month - 1, day) > today.getTime()) {
    return { ok: false, reason: messages.birthDate(birth) };
  }
  if (checkDigitOf(raw.slice(0, 17)) !== raw[17]) return { ok: false, reason: messages.checkDigit };
  return { ok: true, value: raw };
}

export function birthDateOf(idNumber: string): string {
  return `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
}

export function genderOf(idNumber: string): '男' | '女' {
  return Number(idNumber[16]) % 2 === 1 ? '男' : '女';
}

/** Lists show 4301**********123X: enough to tell people apart, not enough to misuse. */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length < 8) return '*'.repeat(idNumber.length);
  return idNumber.slice(0, 4) + '*'.repeat(idNumber.length - 8) + idNumber.slice(-4);
}

// An ID number anywhere in free text (a JSON summary, a storage path, 材料_<ID>.zip): 17 digits and
// a check character that are not part of a longer run of digits. Not \b: letters and _ are word
// characters, so \b would miss an ID glued to them.
const ID_IN_TEXT = /(?<!\d)\d{17}[\dXx](?!\d)/g;

/** Masks every ID number inside a text that is shown in a list or written to a log. */
export function maskIdNumbersIn(text: string): string {
  return text.replace(ID_IN_TEXT, (id) => maskIdNumber(id));
}
