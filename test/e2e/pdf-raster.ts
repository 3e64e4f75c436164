// Reads a printed PDF the way paper would show it: poppler's pdftoppm rasterises each page to a
// greyscale PGM (a tiny format, parsed here without an image library), and the tests look for the
// tables' border lines in it. pdftoppm comes with poppler-utils (.ci/run installs it).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type GreyPage = { width: number; height: number; dpi: number; pixels: Buffer };

const DARK = 128; // a border line (#222) is far below this; anti-aliased text edges mostly above
const MM_PER_INCH = 25.4;

export function rasterise(pdf: Buffer, dpi = 150): GreyPage[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-pdf-'));
  try {
    fs.writeFileSync(path.join(dir, 'in.pdf'), pdf);
    const run = spawnSync('pdftoppm', ['-gray', '-r', String(dpi), 'in.pdf', 'page'], { cwd: dir, encoding: 'utf8' });
    if (run.error || run.status !== 0)
      throw new Error(
        `pdftoppm failed (${run.error?.message ?? run.stderr}); install it with: apt-get install -y poppler-utils`,
      );
    const pages = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.pgm'))
      .sort((a, b) => pageNumber(a) - pageNumber(b));
    return pages.map((f) => parsePgm(fs.readFileSync(path.join(dir, f)), dpi));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const pageNumber = (file: string) => Number(/-(\d+)\.pgm$/.exec(file)![1]);

function parsePgm(data: Buffer, dpi: number): GreyPage {
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(data.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('pdftoppm did not write an 8-bit greyscale PGM');
  const [width, height] = [Number(header[1]), Number(header[2])];
  return { width, height, dpi, pixels: data.subarray(header[0].length, header[0].length + width * height) };
}

const toMm = (page: GreyPage, x: number) => ((x + 0.5) / page.dpi) * MM_PER_INCH;

/** Where vertical lines at least minMm long stand (their x in mm from the page's left edge): the tables' borders, not text. */
export function verticalLinesMm(page: GreyPage, minMm = 20): number[] {
  const minRun = (minMm / MM_PER_INCH) * page.dpi;
  const lines: number[] = [];
  for (let x = 0; x < page.width; x++) {
    let run = 0;
    let longest = 0;
    for (let y = 0; y < page.height; y++) {
      run = page.pixels[y * page.width + x] < DARK ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    if (longest >= minRun) lines.push(toMm(page, x));
  }
  return lines;
}

/** How many dark pixels lie to the right of xMm (ink outside the printable area). */
export function darkPixelsRightOf(page: GreyPage, xMm: number): number {
  const from = Math.ceil((xMm / MM_PER_INCH) * page.dpi);
  let count = 0;
  for (let y = 0; y < page.height; y++) {
    for (let x = from; x < page.width; x++) if (page.pixels[y * page.width + x] < DARK) count++;
  }
  return count;
}
