// A folder on disk read the way a ZIP is: every regular file with its path (forward slashes,
// NFC), size and kind by content. Links are refused like links inside an archive.
import fs from 'node:fs/promises';
import path from 'node:path';
import { sniffKind } from '../domain/file-kind.js';
import type { PackageFile } from '../domain/package-rules.js';
import { ArchiveRejected, messages } from './zip-reader.js';

async function head(file: string): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(16);
    const { bytesRead } = await handle.read(buffer, 0, 16, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export async function readFolder(root: string): Promise<PackageFile[]> {
  const files: PackageFile[] = [];
  for (const entry of await fs.readdir(root, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
    const relative = path.relative(root, full).split(path.sep).join('/').normalize('NFC');
    if (entry.isSymbolicLink()) throw new ArchiveRejected('ARCHIVE_LINK', messages.link(relative), relative);
    if (!entry.isFile()) continue;
    const stat = await fs.stat(full);
    files.push({ path: relative, size: stat.size, kind: sniffKind(await head(full)) });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
