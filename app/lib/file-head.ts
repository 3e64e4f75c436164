// A file's kind and size from disk, reading only its first bytes (kind is judged by content).
import fs from 'node:fs/promises';
import { sniffKind, type FileKind } from '../domain/file-kind.js';

export async function describeFile(file: string): Promise<{ size: number; kind: FileKind }> {
  const handle = await fs.open(file, 'r');
  try {
    const head = Buffer.alloc(16);
    const { bytesRead } = await handle.read(head, 0, 16, 0);
    return { size: (await handle.stat()).size, kind: sniffKind(head.subarray(0, bytesRead)) };
  } finally {
    await handle.close();
  }
}
