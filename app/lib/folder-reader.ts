// A folder on disk read the way a ZIP is: every regular file with its path (forward slashes,
// NFC), size and kind by content. Links are refused like links inside an archive.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { PackageFile } from '../domain/package-layout.js';
import { describeFile } from './file-head.js';
import { ArchiveRejected, messages } from './zip-reader.js';

export async function readFolder(root: string): Promise<PackageFile[]> {
  const files: PackageFile[] = [];
  for (const entry of await fs.readdir(root, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
    const relative = path.relative(root, full).split(path.sep).join('/').normalize('NFC');
    if (entry.isSymbolicLink()) throw new ArchiveRejected('ARCHIVE_LINK', messages.link(relative), relative);
    if (!entry.isFile()) continue;
    files.push({ path: relative, ...(await describeFile(full)) });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
