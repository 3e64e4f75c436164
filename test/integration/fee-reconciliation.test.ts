// 收费对账 added up by the database (issue 14 item 4) says exactly what the old line-by-line
// computation said, on a mixed season: both kinds, every priced level and attempt, social
// candidates, cancellations (refunded, refund due, never paid), partial and over payments,
// reversed collections and refunds, a price changed after registration, transfers confirmed,
// waiting and reversed, remittances with a reversal — and on top of that, money recorded through
// the pages. The streamed workbook holds every line with the same sums, and the page's statement
// count does not grow with the season.
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { noticeSchedule } from '../../app/domain/fees.js';
import { LINE_FILTERS, type LineFilterKey } from '../../app/domain/ledger.js';
import { formatYuan } from '../../app/domain/money.js';
import { FeeEntry, FeeTransfer, Registration, type Batch, type Department } from '../../app/models/index.js';
import { linePage, lineSums } from '../../app/services/fees/fee-lines.js';
import { reconciliation } from '../../app/services/fees/fee-reports.js';
import { archive, item, makeBatch } from '../factories/batches.js';
import { seedFeeSeason } from '../factories/fee-season.js';
import {
  makeDepartment,
  makeStudent,
  officeAgent,
  postForm,
  teacherAgent,
  uid,
  type Agent,
} from '../factories/index.js';
import { h } from '../setup/hooks.js';
import { legacyFeeLines, legacyReconciliation, linesOff } from './legacy-fee-reports.js';

const keyOf = (page: string) => /name="key" value="([^"]+)"/.exec(page)![1];

/** The cells of a table's body rows (or its foot), as the reader sees them. */
export function tableRows(html: string, id: string, part: 'tbody' | 'tfoot' = 'tbody'): string[][] {
  const table = html.slice(html.indexOf(`id="${id}"`), html.indexOf('</table>', html.indexOf(`id="${id}"`)));
  const body = table.slice(table.indexOf(`<${part}>`), table.indexOf(`</${part}>`));
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1].matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((cell) =>
      cell[1]
        .replace(/<[^>]+>/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    ),
  );
}

export function download(agent: Agent, url: string): Promise<Buffer> {
  return agent
    .get(url)
    .buffer(true)
    .parse((res, cb) => {
      const c: Buffer[] = [];
      res.on('data', (d: Buffer) => c.push(d));
      res.on('end', () => cb(null, Buffer.concat(c)));
    })
    .then((r) => r.body as Buffer);
}

/** SQL statements the app runs while `work` runs (Sequelize reads its logging option per query). */
async function statementsDuring(work: () => Promise<unknown>): Promise<number> {
  const options = (h().sequelize as unknown as { options: { logging?: unknown } }).options;
  const before = options.logging;
  let n = 0;
  options.logging = () => {
    n++;
  };
  try {
    await work();
  } finally {
    options.logging = before;
  }
  return n;
}

describe('收费对账 added up in SQL (issue 14 item 4)', function () {
  this.timeout(180_000);
  let season: Batch;
  let other: Batch;
  let teachers: Array<{ agent: Agent; department: Department }>;
  let settledOnly: Department;
  let clerk: Agent;

  /** Money recorded through the pages, as teachers and the office do, on top of the seeded ledger. */
  async function recordThroughPages() {
    const [t] = teachers;
    let page = (await t.agent.get(`/teacher/fees?batch=${season.id}&filter=owing`)).text;
    const ticked = [...page.matchAll(/name="registrationIds" value="(\d+)"/g)].slice(0, 6).map((m) => m[1]);
    await postForm(t.agent, `/teacher/fees?batch=${season.id}`, '/teacher/fees/collect', {
      batchId: String(season.id),
      key: keyOf(page),
      registrationIds: ticked,
    });
    page = (await t.agent.get(`/teacher/fees?batch=${season.id}&filter=refund-due`)).text;
    const refund = /<select name="registrationId">\s*<option value="(\d+)"/.exec(page)![1];
    await postForm(t.agent, `/teacher/fees?batch=${season.id}`, '/teacher/fees/refund', {
      batchId: String(season.id),
      key: `${keyOf(page)}-x`,
      registrationId: refund,
      reason: '取消报名',
    });
    const entry = (await FeeEntry.findOne({
      where: { batchId: season.id, departmentId: t.department.id, kind: 'collected', reversesId: null },
      order: [['id', 'DESC']],
    }))!;
    await postForm(t.agent, `/teacher/fees?batch=${season.id}`, `/teacher/fees/entries/${entry.id}/reverse`, {
      batchId: String(season.id),
      key: `${keyOf(page)}-r`,
      reason: '记错了人',
    });
    await postForm(t.agent, `/teacher/fees?batch=${season.id}`, '/teacher/fees/transfers', {
      batchId: String(season.id),
      key: `${keyOf(page)}-t`,
      amount: '1234.5',
      transferredOn: '2026-10-13',
      voucherNo: `HX-${uid()}`,
    });
    const waiting = (await FeeTransfer.findOne({
      where: { batchId: season.id, departmentId: teachers[1].department.id, confirmedAt: null, reversesId: null },
      order: [['id', 'ASC']],
    }))!;
    await postForm(clerk, `/office/fees?batch=${season.id}`, `/office/fees/transfers/${waiting.id}/confirm`, {
      batchId: String(season.id),
    });
    page = (await clerk.get(`/office/fees?batch=${season.id}`)).text;
    await postForm(clerk, `/office/fees?batch=${season.id}`, '/office/fees/remittances', {
      batchId: String(season.id),
      key: keyOf(page),
      payee: 'ata',
      amount: '800',
      paidOn: '2026-11-21',
      reference: `ATA-${uid()}`,
    });
  }

  /** A department whose only registration was cancelled and refunded: nothing to show for it. */
  async function settledDepartment() {
    const department = await makeDepartment();
    const student = await makeStudent(department.id);
    const office = await item('办公软件应用(Office)');
    const r = await Registration.create({
      batchId: season.id,
      studentId: student.id,
      departmentId: department.id,
      catalogItemId: office.id,
      kind: 'special',
      level: null,
      attempt: 'initial',
      feeFen: 20000,
      status: 'cancelled',
      channel: 'teacher',
      activeSlot: null,
      activeGrade: null,
      activeItem: null,
      heldNone: null,
      createdBy: null,
    });
    for (const amountFen of [20000, -20000]) {
      await FeeEntry.create({
        batchId: season.id,
        departmentId: department.id,
        registrationId: r.id,
        kind: amountFen > 0 ? 'collected' : 'refunded',
        amountFen,
        reason: null,
        reversesId: null,
        idempotencyKey: uid(),
        createdBy: null,
      });
    }
    return department;
  }

  before(async () => {
    season = await makeBatch();
    other = await makeBatch();
    teachers = [await teacherAgent(), await teacherAgent(), await teacherAgent()];
    clerk = (await officeAgent()).agent;
    await seedFeeSeason(season.id, {
      registrations: 900,
      departments: teachers.map((t) => t.department),
      fees: noticeSchedule(),
      prefix: `R${uid()}`,
    });
    // Another batch of the same departments: none of it may leak into this season's figures
    await seedFeeSeason(other.id, {
      registrations: 60,
      departments: teachers.map((t) => t.department),
      fees: noticeSchedule(),
      prefix: `O${uid()}`,
      seed: 7,
    });
    settledOnly = await settledDepartment();
    await recordThroughPages();
  });
  after(async () => {
    await archive(season);
    await archive(other);
  });

  it('gives the figures the line-by-line computation gave, department by department and kind by kind', async () => {
    const now = await reconciliation(season.id);
    const old = await legacyReconciliation(season.id);
    expect(now.perDepartment).to.deep.equal(old.perDepartment.map(({ off, ...d }) => ({ ...d, offCount: off.length })));
    expect(now.perDepartment.map((d) => d.id))
      .to.include.members(teachers.map((t) => t.department.id))
      .and.not.include(settledOnly.id);
    expect(
      now.perDepartment.some((d) => d.offCount > 0 && d.money.owedToOfficeFen !== 0),
      'the season has differences to show',
    ).to.equal(true);
    for (const key of [
      'total',
      'pending',
      'byKindLevel',
      'heads',
      'rates',
      'expected',
      'remittances',
      'paid',
      'financeDueFen',
    ] as const) {
      expect(now[key], key).to.deep.equal(old[key]);
    }
    expect(
      now.byKindLevel.some((g) => !g.ok),
      'a price changed after registration shows as a difference',
    ).to.equal(true);
    expect(now.byKindLevel.map((g) => g.label)).to.include.members([
      '等级认定 四级 · 理论补考',
      '等级认定 四级 · 实操补考',
      '等级认定 四级 · 两科补考',
      '专项职业能力 · 补考',
    ]);
  });

  it('shows those figures on the page: by department, the totals, by kind and level, the remittance', async () => {
    const old = await legacyReconciliation(season.id);
    const page = (await clerk.get(`/office/fees?batch=${season.id}`)).text;
    const yuan = (fen: number) => formatYuan(fen);
    expect(tableRows(page, 'reconciliation')).to.deep.equal(
      old.perDepartment.map((d) => [
        d.name,
        String(d.registrations),
        yuan(d.money.expectedFen),
        yuan(d.money.collectedFen),
        yuan(d.money.transferredFen),
        yuan(d.money.confirmedFen),
        `${yuan(d.money.uncollectedFen)}${d.off.length ? ` · ${d.off.length} 项有差异` : ''}`,
        yuan(d.money.owedToOfficeFen),
      ]),
    );
    const t = old.total;
    expect(tableRows(page, 'reconciliation', 'tfoot')).to.deep.equal([
      [
        '合计',
        '',
        yuan(t.expectedFen),
        yuan(t.collectedFen),
        yuan(t.transferredFen),
        yuan(t.confirmedFen),
        yuan(t.uncollectedFen),
        yuan(t.owedToOfficeFen),
      ],
    ]);
    expect(tableRows(page, 'by-kind')).to.deep.equal(
      old.byKindLevel.map((g) => [
        g.label,
        String(g.count),
        g.priceFen === null ? '未定价' : yuan(g.priceFen),
        g.expectedFen === null ? '—' : yuan(g.expectedFen),
        yuan(g.registeredFen),
        yuan(g.collectedFen),
        g.ok ? '一致' : `有差额 ${yuan(g.registeredFen - g.collectedFen)}`,
      ]),
    );
    expect(page).to.include(`等级认定 ${old.heads.grade} 人次，专项 ${old.heads.special} 人次`);
    expect(
      tableRows(page, 'remittance')
        .slice(0, 3)
        .map((r) => r.slice(1)),
    ).to.deep.equal(
      (['province', 'city', 'ata'] as const).map((p) => [yuan(old.expected.byPayee[p]), yuan(old.paid[p])]),
    );
    expect(tableRows(page, 'remittance')[3].slice(1)).to.deep.equal([yuan(old.financeDueFen), yuan(old.paid.finance)]);
  });

  it('the database picks exactly the lines each filter of the lists names, with the same figures per line', async () => {
    for (const t of teachers) {
      const old = await legacyFeeLines(season.id, t.department.id);
      const scope = { batchId: season.id, departmentId: t.department.id };
      const all = await linePage(scope, 100_000, 0);
      const fields = (l: {
        registrationId: number;
        active: boolean;
        dueFen: number;
        collectedFen: number;
        state: string;
        stateName: string;
        className: string;
        label: string;
        name: string;
        idMasked: string;
      }) => [
        l.registrationId,
        l.active,
        l.dueFen,
        l.collectedFen,
        l.state,
        l.stateName,
        l.className,
        l.label,
        l.name,
        l.idMasked,
      ];
      expect(all.map(fields).sort()).to.deep.equal(old.map(fields).sort());
      for (const key of Object.keys(LINE_FILTERS) as LineFilterKey[]) {
        const expected = old.filter(LINE_FILTERS[key].holds);
        const picked = await linePage({ ...scope, filter: key }, 100_000, 0);
        expect(picked.map((l) => l.registrationId).sort(), key).to.deep.equal(
          expected.map((l) => l.registrationId).sort(),
        );
        const sums = await lineSums({ ...scope, filter: key });
        expect([sums.count, sums.dueFen, sums.collectedFen], key).to.deep.equal([
          expected.length,
          expected.reduce((s, l) => s + l.dueFen, 0),
          expected.reduce((s, l) => s + l.collectedFen, 0),
        ]);
      }
      expect((await lineSums({ ...scope, filter: 'off' })).count).to.equal(linesOff(old).length);
    }
  });

  it('streams a workbook that holds every line of every department, adding up to the same sums', async () => {
    const old = await legacyReconciliation(season.id);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await download(clerk, `/office/fees/export?batch=${season.id}`)) as unknown as ArrayBuffer,
    );
    const fen = (v: ExcelJS.CellValue) => Math.round(Number(v) * 100);
    for (const d of old.perDepartment) {
      const sheet = workbook.getWorksheet(d.name)!;
      const rows: ExcelJS.Row[] = [];
      sheet.eachRow((row, n) => {
        if (n > 1) rows.push(row);
      });
      const own = old.lines.filter((l) => l.departmentId === d.id);
      expect(rows.length, d.name).to.equal(own.length);
      expect(rows.map((r) => r.getCell(4).value).sort(), 'every ID number, as text').to.deep.equal(
        own.map((l) => l.idNumber).sort(),
      );
      expect(rows.reduce((s, r) => s + fen(r.getCell(6).value), 0)).to.equal(d.money.expectedFen);
      expect(rows.reduce((s, r) => s + fen(r.getCell(7).value), 0)).to.equal(d.money.collectedFen);
      expect(rows.map((r) => r.getCell(8).value).sort()).to.deep.equal(own.map((l) => l.stateName).sort());
    }
    const summary = workbook.getWorksheet('汇总')!;
    const total = summary.getRow(summary.rowCount);
    expect(
      [2, 3, 4, 5, 6, 7, 8].map((c) => (c === 2 ? total.getCell(c).value : fen(total.getCell(c).value))),
    ).to.deep.equal([
      old.perDepartment.reduce((s, d) => s + d.registrations, 0),
      old.total.expectedFen,
      old.total.collectedFen,
      old.total.transferredFen,
      old.total.confirmedFen,
      old.total.uncollectedFen,
      old.total.owedToOfficeFen,
    ]);
    expect(workbook.getWorksheet('每笔转账')!.rowCount - 1).to.equal(
      old.perDepartment.reduce((s, d) => s + d.transfers.length, 0),
    );
    expect(fen(workbook.getWorksheet('上缴')!.getRow(5).getCell(2).value)).to.equal(old.financeDueFen);

    // The teacher's own workbook: every line of the department, nothing of another
    const [t] = teachers;
    const own = new ExcelJS.Workbook();
    await own.xlsx.load((await download(t.agent, `/teacher/fees/export?batch=${season.id}`)) as unknown as ArrayBuffer);
    const lines = old.lines.filter((l) => l.departmentId === t.department.id);
    expect(own.getWorksheet('收费明细')!.rowCount - 1).to.equal(lines.length);
    expect(own.getWorksheet('上交记录')!.rowCount - 1).to.equal(
      old.perDepartment.find((d) => d.id === t.department.id)!.transfers.length,
    );
  });

  it('runs as many SQL statements for 900 registrations in 5 departments as for 2 in one', async () => {
    const small = await makeBatch();
    try {
      const { department } = await teacherAgent();
      await seedFeeSeason(small.id, {
        registrations: 2,
        departments: [department],
        fees: noticeSchedule(),
        prefix: `S${uid()}`,
      });
      // The fewest of two: a session touched in one of them is not the page's doing
      const once = (batch: Batch) => statementsDuring(() => clerk.get(`/office/fees?batch=${batch.id}`));
      const count = async (batch: Batch) => Math.min(await once(batch), await once(batch));
      const [few, many] = [await count(small), await count(season)];
      expect(many).to.equal(few);
      expect(many).to.be.at.most(12);
    } finally {
      await archive(small);
    }
  });
});
