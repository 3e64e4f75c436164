// Other people's ZIP readers, run on files the app produced: Info-ZIP's unzip, 7-Zip and Python's
// zipfile. A bundle only counts as readable when they all agree.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const PYTHON_LIST = `
import hashlib, json, sys, zipfile
path, encoding = sys.argv[1], sys.argv[2]
kw = {} if encoding == 'auto' else {'metadata_encoding': encoding}
with zipfile.ZipFile(path, **kw) as z:
    entries = [{'name': i.filename, 'utf8': bool(i.flag_bits & 0x800), 'method': i.compress_type, 'sha256': hashlib.sha256(z.read(i)).hexdigest()} for i in z.infolist()]
print(json.dumps(entries, ensure_ascii=False))
`;

export type PythonEntry = { name: string; utf8: boolean; method: number; sha256: string };

/** Names as Python's zipfile decodes them (`auto`: UTF-8 when flagged, else cp437; or a forced encoding). */
export function pythonEntries(file: string, encoding: 'auto' | 'gbk' = 'auto'): PythonEntry[] {
  const run = spawnSync('python3', ['-c', PYTHON_LIST, file, encoding], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`python zipfile failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as PythonEntry[];
}

export function unzipTest(file: string): { ok: boolean; output: string } {
  const run = spawnSync('unzip', ['-t', file], { encoding: 'latin1', maxBuffer: 64 * 1024 * 1024 });
  return { ok: run.status === 0, output: run.stdout + run.stderr };
}

const SEVEN_ZIP = ['7zz', '7z', '7za'].find((cmd) => spawnSync(cmd, ['i'], { stdio: 'ignore' }).status === 0) ?? null;

/** 7-Zip's integrity test and the names it lists (null when no 7-Zip is installed). */
export function sevenZip(file: string): { ok: boolean; names: string[] } | null {
  if (!SEVEN_ZIP) return null;
  const test = spawnSync(SEVEN_ZIP, ['t', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const list = spawnSync(SEVEN_ZIP, ['l', '-slt', '-sccUTF-8', file], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
  });
  const names = [...list.stdout.matchAll(/^Path = (.+)$/gm)].map((m) => m[1]).slice(1); // the first Path is the archive itself
  return { ok: test.status === 0, names };
}

const SOFFICE =
  ['libreoffice', 'soffice'].find((cmd) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0) ?? null;

/** The first sheet as CSV text through LibreOffice (null when it is not installed). */
export function libreOfficeCsv(xlsx: string, outDir: string): string | null {
  if (!SOFFICE) return null;
  const run = spawnSync(
    SOFFICE,
    [
      '--headless',
      `-env:UserInstallation=file://${outDir}/lo-profile`,
      '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76',
      '--outdir',
      outDir,
      xlsx,
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (run.status !== 0) throw new Error(`libreoffice failed: ${run.stderr}`);
  return fs.readFileSync(path.join(outDir, path.basename(xlsx).replace(/\.xlsx$/, '.csv')), 'utf8');
}

/** One entry's bytes, as Python's zipfile reads them. */
export function zipEntry(file: string, name: string): Buffer {
  const run = spawnSync(
    'python3',
    ['-c', 'import sys,zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))', file, name],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.status !== 0) throw new Error(`python zipfile could not read ${name}: ${run.stderr}`);
  return run.stdout;
}
