// Real document fixtures for candidate folders: JPEGs from jpeg-js, PDFs from pdfkit, PNGs built
// chunk by chunk. Checks that sniff, size or hash files must see the bytes real tools write, not
// hand-written magic numbers. Seeded calls are deterministic; unseeded ones differ every call.
import { randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import jpegJs from 'jpeg-js';
import PDFDocument from 'pdfkit';
import { withDirectories, type ZipEntryInput } from './zip-writer.js';

/** mulberry32: tiny, fast, good enough to make incompressible pixels and padding (and seeded test data). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

function seededBytes(length: number, seed: number | undefined): Buffer {
  if (seed === undefined) return randomBytes(length);
  const next = prng(seed);
  const out = Buffer.alloc(length + 3);
  for (let i = 0; i < length; i += 4) out.writeUInt32LE(next(), i);
  return out.subarray(0, length);
}

// ---------------------------------------------------------------------------------------------
// JPEG

type JpegOptions = { width?: number; height?: number; quality?: number; noise?: boolean; seed?: number };

/** RGBA pixels: noise (does not compress, like a photographed card) or a plain card-like drawing. */
function pixels(width: number, height: number, noise: boolean, seed: number): Buffer {
  if (noise) return seededBytes(width * height * 4, seed);
  const data = Buffer.alloc(width * height * 4);
  const tint = seed % 64;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const photo = x > width * 0.65 && x < width * 0.92 && y > height * 0.15 && y < height * 0.75;
      const line = !photo && y % 24 < 3 && x > width * 0.08 && x < width * 0.6;
      data[i] = photo ? 90 : line ? 40 : 200 - (x * 40) / width + tint;
      data[i + 1] = photo ? 110 : line ? 40 : 215 - (y * 30) / height;
      data[i + 2] = photo ? 150 : line ? 60 : 235;
      data[i + 3] = 255;
    }
  }
  return data;
}

/** A real JPEG encoded by jpeg-js. */
export function jpeg(options: JpegOptions = {}): Buffer {
  const { width = 320, height = 200, quality = 85, noise = false } = options;
  const seed = options.seed ?? randomInt(2 ** 31);
  return jpegJs.encode({ width, height, data: pixels(width, height, noise, seed) }, quality).data;
}

// jpegNear: one noise JPEG per size class (classes 15% apart), padded up to the exact target with
// COM segments of random bytes, so 1,000 calls cost 1,000 buffer copies and at most a few encodes.
const CLASS_RATIO = 1.15;
const CLASS_BASE_BYTES = 1024;
const NOISE_BYTES_PER_PIXEL = 1.27; // jpeg-js, quality 75, RGB noise (measured)
const UNIQUE_RESERVE = 4 + 16; // one COM marker + length, and 16 bytes that make the file unique
const COM_MAX_SEGMENT = 4 + 65533; // marker, length field (counts itself), payload
const baseCache = new Map<number, Buffer>();

function baseJpeg(sizeClass: number): Buffer {
  let base = baseCache.get(sizeClass);
  if (!base) {
    const pixelCount = (CLASS_BASE_BYTES * CLASS_RATIO ** sizeClass) / NOISE_BYTES_PER_PIXEL;
    const width = Math.max(8, Math.round(Math.sqrt((pixelCount * 4) / 3)));
    const height = Math.max(8, Math.round((width * 3) / 4));
    base = jpeg({ width, height, quality: 75, noise: true, seed: 0x5eed + sizeClass });
    baseCache.set(sizeClass, base);
  }
  return base;
}

/** COM segments totalling exactly `total` bytes (total ≥ 4), each within the 16-bit length limit. */
function comSegments(total: number, seed: number | undefined): Buffer {
  const count = Math.ceil(total / COM_MAX_SEGMENT);
  const random = seededBytes(total, seed);
  const out = Buffer.alloc(total);
  let at = 0;
  for (let i = 0; i < count; i++) {
    const size = Math.floor(total / count) + (i < total % count ? 1 : 0);
    out[at] = 0xff;
    out[at + 1] = 0xfe;
    out.writeUInt16BE(size - 2, at + 2);
    random.copy(out, at + 4, at + 4, at + size);
    at += size;
  }
  return out;
}

/** Where padding may go: after the JFIF APP0 segment, which the JFIF spec wants right after SOI. */
function insertionPoint(base: Buffer): number {
  if (base[2] === 0xff && base[3] === 0xe0) return 4 + base.readUInt16BE(4);
  return 2;
}

/**
 * A real JPEG of exactly `targetBytes` (or, below ~1 KB, the smallest one we can make), unique per
 * call unless seeded: a cached noise image plus COM comment bytes.
 */
export function jpegNear(targetBytes: number, seed?: number): Buffer {
  const room = targetBytes - UNIQUE_RESERVE;
  let sizeClass = Math.max(0, Math.floor(Math.log(Math.max(room, 1) / CLASS_BASE_BYTES) / Math.log(CLASS_RATIO)));
  let base = baseJpeg(sizeClass);
  while (base.length > room && sizeClass > 0) base = baseJpeg(--sizeClass);
  const padding = Math.max(UNIQUE_RESERVE, targetBytes - base.length);
  const at = insertionPoint(base);
  return Buffer.concat([base.subarray(0, at), comSegments(padding, seed), base.subarray(at)]);
}

// ---------------------------------------------------------------------------------------------
// PDF

// TTC files need the PostScript name of the face inside. Without any of these we write ASCII only.
const CJK_FONTS: Array<[file: string, face: string]> = [
  ['/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', 'WenQuanYiMicroHei'],
  ['/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', 'WenQuanYiZenHei'],
  ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular'],
  ['/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular'],
  ['C:\\Windows\\Fonts\\simhei.ttf', 'SimHei'],
];

// Parsing a 5 MB CJK font takes ~35 ms per document; pdfkit also accepts an already-parsed fontkit
// font, so after the first document we keep that one. undefined = not looked yet, null = none usable.
type FontSource = { src: unknown; family?: string };
let cjkFont: FontSource | null | undefined;

type Doc = InstanceType<typeof PDFDocument>;

/** Registers the CJK font as 'CJK' in this document; false when there is none. */
function registerCjkFont(doc: Doc): boolean {
  const candidates: FontSource[] = cjkFont
    ? [cjkFont]
    : cjkFont === null
      ? []
      : CJK_FONTS.filter(([file]) => fs.existsSync(file)).map(([src, family]) => ({ src, family }));
  for (const candidate of candidates) {
    try {
      // src may be a fontkit font object: pdfkit accepts anything with .layout(), its types do not say so
      doc.registerFont('CJK', candidate.src as string, candidate.family as string).font('CJK');
      const parsed = (doc as unknown as { _font?: { font?: { layout?: unknown } } })._font?.font;
      cjkFont = typeof parsed?.layout === 'function' ? { src: parsed } : candidate;
      return true;
    } catch {
      // not the face name we expected, or not a font pdfkit can embed: try the next one
    }
  }
  cjkFont = null;
  return false;
}

async function renderPdf(text: string, scan: Buffer | null): Promise<Buffer> {
  // A fixed date (and the text in the info dictionary) makes the file ID, and so the bytes, repeatable.
  const doc = new PDFDocument({
    size: 'A4',
    info: { CreationDate: new Date(Date.UTC(2024, 5, 1)), Title: 'Student Status Verification Report', Subject: text },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  const hasCjk = registerCjkFont(doc);
  if (hasCjk) doc.fontSize(22).text('教育部学籍在线验证报告', { align: 'center' });
  doc.font('Helvetica').fontSize(16).text('Student Status Verification Report', { align: 'center' }).moveDown();
  if (text)
    doc
      .font(hasCjk ? 'CJK' : 'Helvetica')
      .fontSize(12)
      .text(text);
  if (scan) doc.image(scan, 72, 260, { width: 300 });
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

const PDF_IMAGE_OVERHEAD = 300; // XObject dictionary and the drawing operators, roughly
const PDF_MIN_SCAN = 1500; // below this, padding is not worth an image

/**
 * A real one-page A4 PDF from pdfkit: the Chinese title when a CJK font is installed, the English
 * one always, then `text`. With `minBytes`, a scanned-looking JPEG is embedded to reach about that size.
 */
export async function pdf(text = '', options: { minBytes?: number; seed?: number } = {}): Promise<Buffer> {
  const plain = await renderPdf(text, null);
  const deficit = (options.minBytes ?? 0) - plain.length;
  if (deficit < PDF_MIN_SCAN) return plain;
  return renderPdf(text, jpegNear(deficit - PDF_IMAGE_OVERHEAD, options.seed));
}

// ---------------------------------------------------------------------------------------------
// PNG

function pngChunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

/** A real 8-bit RGB PNG: signature, IHDR, one IDAT, IEND, correct CRCs. The seed shifts the colours. */
export function png(width = 64, height = 48, seed = 0): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type RGB, deflate, adaptive filters, no interlace
  const rows = Buffer.alloc(height * (1 + width * 3)); // each row: filter byte 0, then RGB
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * (1 + width * 3) + 1 + x * 3;
      rows[i] = (x * 255) / Math.max(1, width - 1) + seed;
      rows[i + 1] = (y * 255) / Math.max(1, height - 1) + seed * 7;
      rows[i + 2] = 160 + seed * 13;
    }
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Candidate folders

export type CandidateOptions = {
  /** A folder the candidate folders sit in (Windows: zipping the parent folder). */
  wrapper?: string;
  /** Size of 证件复印件/<id>.jpg; default 120,000 (the limit is 204,800). */
  idCardBytes?: number;
  education?: 'pdf' | 'jpg' | 'png';
  /** About how big 学历证书 should be (PDF: padded towards it with an embedded scan; JPEG: exactly). */
  educationBytes?: number;
  nameEncoding?: ZipEntryInput['nameEncoding'];
  /** Add directory entries like Windows does. When joining candidates that share a wrapper, leave this off and call withDirectories() on the whole list instead. */
  directories?: boolean;
};

/** One correct candidate folder. Deterministic for a given ID (the seed is derived from it). */
export async function candidateEntries(id: string, options: CandidateOptions = {}): Promise<ZipEntryInput[]> {
  const { wrapper, education = 'pdf', nameEncoding } = options;
  const seed = crc32(id);
  const folder = `${wrapper ? `${wrapper}/` : ''}${id}`;
  const educationData =
    education === 'pdf'
      ? await pdf(`ID number: ${id}`, { minBytes: options.educationBytes, seed: seed + 1 })
      : education === 'jpg'
        ? jpegNear(options.educationBytes ?? 60_000, seed + 1)
        : png(400, 300, seed % 64);
  const entries: ZipEntryInput[] = [
    { name: `${folder}/证件复印件/${id}.jpg`, data: jpegNear(options.idCardBytes ?? 120_000, seed), nameEncoding },
    { name: `${folder}/学历证书/${id}.${education}`, data: educationData, nameEncoding },
  ];
  return options.directories ? withDirectories(entries) : entries;
}
