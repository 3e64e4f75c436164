// The streamed workbook writer (issue 14 item 4) keeps pace with its reader: it waits while a slow
// download is behind instead of piling rows up in memory, and stops when the reader goes away.
import { Writable } from 'node:stream';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { ReaderGone, streamSheets, type StreamCell, type StreamColumn } from '../../app/lib/excel-stream.js';

const COLUMNS: StreamColumn[] = [
  { header: '身份证号', width: 22, kind: 'text' },
  { header: '实收(元)', width: 10, kind: 'money' },
  { header: '报名项数', width: 8, kind: 'number' },
];

function* rows(n: number): Generator<StreamCell[]> {
  for (let i = 0; i < n; i++) yield [`43010519980101${String(i).padStart(4, '0')}`, 32000 + i, i];
}

/** A reader that takes 16 KB and then makes the writer wait a moment, as a slow download does. */
function slowReader(chunks: Buffer[], onWrite: () => void = () => undefined) {
  return new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      onWrite();
      setTimeout(done, 2);
    },
  });
}

describe('excel-stream against a slow or vanishing reader (issue 14 item 4)', () => {
  it('waits for a slow reader and writes every row of every sheet, names kept unique', async () => {
    const chunks: Buffer[] = [];
    const output = slowReader(chunks);
    let waited = 0;
    output.on('drain', () => {
      waited++;
    });
    const written = await streamSheets(output, [
      { name: '电子工程学院', columns: COLUMNS, rows: rows(3000) },
      { name: '电子工程学院', columns: COLUMNS, rows: rows(2000) },
    ]);
    await new Promise((resolve) => output.end(resolve));
    expect(written).to.equal(5000);
    expect(waited, 'the writer waited for the reader').to.be.above(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => [s.name, s.rowCount])).to.deep.equal([
      ['电子工程学院', 3001],
      ['电子工程学院~2', 2001],
    ]);
    const second = workbook.getWorksheet('电子工程学院~2')!;
    expect(second.getRow(2001).values).to.deep.equal([undefined, '430105199801011999', 339.99, 1999]);
    expect(second.getCell('A2').numFmt).to.equal('@');
  });

  it('stops with an error when the reader goes away half-way, instead of writing on into nothing', async () => {
    const chunks: Buffer[] = [];
    const output: Writable = slowReader(chunks, () => {
      if (chunks.length === 3) output.destroy();
    });
    let pulled = 0;
    async function* counted() {
      for (const row of rows(50_000)) {
        pulled++;
        yield row;
      }
    }
    const failure = await streamSheets(output, [{ name: '汇总', columns: COLUMNS, rows: counted() }]).then(
      () => null,
      (error: Error) => error,
    );
    expect(failure).to.be.instanceOf(ReaderGone); // the error page logs nothing for it: the download was cancelled
    expect(pulled, 'rows read after the reader left').to.be.below(50_000);
  });
});
