// Entry names a ZIP can hold but a disk cannot: a name that is only ".", a folder or file name over
// the 255 bytes Linux (ext4, xfs) and NTFS allow, a path too long to open, and a file whose name is
// also the folder of another file. Such an entry is skipped and reported on its own line; the rest
// of the archive is checked as usual. Pure: the reader asks before it writes a byte.
export type EntryCode = 'NAME_INVALID' | 'NAME_TOO_LONG' | 'PATH_CONFLICT';
export type EntryProblem = { code: EntryCode; path: string; message: string };

export const MAX_NAME_BYTES = 255;
export const MAX_PATH_BYTES = 1024; // Windows keeps paths under 260 characters; 1024 bytes is ~340 汉字

/** A name as a message quotes it: a 60,000-character one is cut in the middle (the report's 位置 has it whole). */
const shown = (name: string) => (name.length > 200 ? `${name.slice(0, 120)}…${name.slice(-20)}` : name);

export const messages = {
  invalid: (name: string) =>
    `压缩包里的“${shown(name)}”不是有效的文件名（“.”只表示当前文件夹），已跳过：请改成正常的文件名后重新压缩`,
  nameTooLong: (name: string) =>
    `压缩包里的“${shown(name)}”名字过长（每一级文件夹或文件的名字不能超过 ${MAX_NAME_BYTES} 字节，约 85 个汉字），已跳过：请改短后重新压缩`,
  pathTooLong: (name: string) =>
    `压缩包里的“${shown(name)}”路径过长（整个路径不能超过 ${MAX_PATH_BYTES} 字节），已跳过：请减少文件夹层数或改短名字后重新压缩`,
  conflict: (name: string) =>
    `压缩包里的“${shown(name)}”既是一个文件，又是另一些文件所在文件夹的名字，已跳过这个文件：请给其中一个改名后重新压缩`,
};

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Why a file's normalised path cannot be written to disk as it is, or null. */
export function entryNameProblem(path: string): EntryProblem | null {
  const segments = path.split('/');
  if (segments.some((s) => s === '' || s === '.'))
    return { code: 'NAME_INVALID', path, message: messages.invalid(path) };
  if (segments.some((s) => bytes(s) > MAX_NAME_BYTES))
    return { code: 'NAME_TOO_LONG', path, message: messages.nameTooLong(path) };
  if (bytes(path) > MAX_PATH_BYTES) return { code: 'NAME_TOO_LONG', path, message: messages.pathTooLong(path) };
  return null;
}

/** The files whose path is also a folder of another file ("dup/x" beside "dup/x/y"), in any order. */
export function folderConflicts(paths: string[]): Set<string> {
  const folders = new Set<string>();
  for (const path of paths) {
    for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) folders.add(path.slice(0, i));
  }
  return new Set(paths.filter((p) => folders.has(p)));
}

export function conflictProblem(path: string): EntryProblem {
  return { code: 'PATH_CONFLICT', path, message: messages.conflict(path) };
}
