// What the database keeps of a package check's report (issue 13 item 6): exact counts and the
// first problems, in a row that fits MySQL's max_allowed_packet even at its older 4 MiB default.
import { expect } from 'chai';
import { LISTED_PROBLEMS, summarise, type ReportJson } from '../../app/services/packages/package-check.js';

describe('package report summary', () => {
  const problem = (i: number, pathLength: number) => ({
    code: 'EXTRA_FILE',
    path: `${'文'.repeat(pathLength)}${i}`,
    message: `多余的文件“${'文'.repeat(pathLength)}${i}”：压缩包里只应有以身份证号命名的文件夹，请删除或移走`,
  });

  it('keeps exact counts and the first problems in report order, failing candidates before the rest', () => {
    const json: ReportJson = {
      ok: false,
      fatal: null,
      counts: { passed: 1, failed: 2, missing: 0 },
      students: [
        { id: 'a', ok: true, errors: [] },
        { id: 'b', ok: false, errors: Array.from({ length: LISTED_PROBLEMS - 1 }, (_, i) => problem(i, 1)) },
        { id: 'c', ok: false, errors: [problem(1, 1), problem(2, 1)] },
      ],
      other: [problem(3, 1)],
    };
    const summary = summarise(json, 'reports/x.json');
    expect([summary.problems, summary.listed, summary.file]).to.deep.equal([
      LISTED_PROBLEMS + 2,
      LISTED_PROBLEMS,
      'reports/x.json',
    ]);
    expect(summary.students.map((s) => [s.id, s.errors.length])).to.deep.equal([
      ['b', LISTED_PROBLEMS - 1],
      ['c', 1],
    ]);
    expect(summary.other).to.deep.equal([]);
    expect(summary.counts).to.deep.equal(json.counts);
  });

  it('stays under 4 MiB for 100,000 problems with the longest paths a usable entry can have', () => {
    const errors = Array.from({ length: 100_000 }, (_, i) => problem(i, 340)); // ~1,024 bytes of path each
    const json: ReportJson = {
      ok: false,
      fatal: null,
      counts: { passed: 0, failed: 1, missing: 0 },
      students: [{ id: '文'.repeat(5000), ok: false, errors }],
      other: [],
    };
    const bytes = Buffer.byteLength(JSON.stringify(summarise(json, 'f')));
    expect(bytes).to.be.below(4 * 1024 * 1024 - 64 * 1024);
  });
});
