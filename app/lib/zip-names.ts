// Entry names of ZIP files as people actually make them. Windows' "压缩(zipped)文件夹" writes GBK
// bytes without the UTF-8 flag; Info-ZIP may add a Unicode Path extra field (0x7075); modern tools
// set general-purpose bit 11. Pure functions, so they can be property-tested.
import { crc32 } from 'node:zlib';
import iconv from 'iconv-lite';

export type ExtraField = { id: number; data: Buffer };

const UTF8_FLAG = 1 << 11;
const UNICODE_PATH_FIELD = 0x7075;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The Info-ZIP Unicode Path, if present and written for these very header bytes (its CRC says so). */
function unicodePath(raw: Buffer, extraFields: ExtraField[]): string | null {
  const field = extraFields.find((f) => f.id === UNICODE_PATH_FIELD);
  if (!field || field.data.length < 5 || field.data[0] !== 1) return null;
  if (field.data.readUInt32LE(1) !== crc32(raw)) return null; // the name was changed after the field was written
  try {
    return strictUtf8.decode(field.data.subarray(5));
  } catch {
    return null;
  }
}

/** UTF-8 when flagged; else the Unicode Path field; else strict UTF-8; else GBK. Then NFC. */
export function decodeEntryName(raw: Buffer, generalPurposeBitFlag: number, extraFields: ExtraField[]): string {
  let name: string;
  if (generalPurposeBitFlag & UTF8_FLAG) name = raw.toString('utf8');
  else {
    const fromField = unicodePath(raw, extraFields);
    if (fromField !== null) name = fromField;
    else {
      try {
        name = strictUtf8.decode(raw);
      } catch {
        name = iconv.decode(raw, 'gbk');
      }
    }
  }
  return name.normalize('NFC');
}

/** Why a decoded name may not be used as a path, or null. Backslashes count as separators (Windows tools). */
export function unsafePathReason(name: string): string | null {
  if (name.includes('\0')) return '文件名中含有空字符';
  const path = name.replace(/\\/g, '/');
  if (path.startsWith('/')) return '使用了绝对路径';
  if (/^[A-Za-z]:/.test(path)) return '含有盘符';
  if (path.split('/').some((segment) => segment === '..')) return '含有“..”（会跳出解压目录）';
  return null;
}

/** "a\\b/c/" → "a/b/c": the form every later check uses. */
export function normalisePath(name: string): string {
  return name
    .replace(/\\/g, '/')
    .replace(/\/+$/, '')
    .replace(/\/{2,}/g, '/');
}
