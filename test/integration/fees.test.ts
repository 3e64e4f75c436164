// Fees over HTTP (issue 5): collection by ticking, idempotent forms, concurrent double-submits,
// refunds and corrections, transfers and their confirmation, a reconciliation that adds up for a
// season of 3 departments and 300 registrations, and workbooks whose sums equal the database.
import fs from 'node:fs';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import {
  FeeEntry,
  FeeRemittance,
  FeeTransfer,
  Registration,
  Student,
  type Batch,
  type Department,
} from '../../app/models/index.js';
import { archive, item, makeBatch } from '../factories/batches.js';
import { csrfToken, makeStudent, officeAgent, postForm, teacherAgent, type Agent } from '../factories/index.js';
import { writeXlsx } from '../factories/xlsx.js';
import { pdf } from '../factories/package-files.js';
import { formatShanghai } from '../../app/domain/time.js';
import { h } from '../setup/hooks.js';

async function register(
  batch: Batch,
  department: Department,
  itemName: string,
  level: 3 | 4 | null,
  feeFen: number,
  slot = 1,
) {
  const student = await makeStudent(department.id);
  const catalogItem = await item(itemName);
  return Registration.create({
    batchId: batch.id,
    studentId: student.id,
    departmentId: department.id,
    catalogItemId: catalogItem.id,
    kind: level ? 'grade' : 'special',
    level,
    attempt: 'initial',
    feeFen,
    status: 'active',
    channel: 'teacher',
    activeSlot: slot,
    activeGrade: level ? 1 : null,
    activeItem: 1,
    heldNone: level ? true : null,
    createdBy: null,
  });
}

const keyOf = (page: string) => /name="key" value="([^"]+)"/.exec(page)![1];
const collected = async (registrationId: number) =>
  (await FeeEntry.sum('amountFen', { where: { registrationId } })) ?? 0;

async function collect(agent: Agent, batch: Batch, ids: number[], extra: Record<string, string> = {}) {
  const page = (await agent.get(`/teacher/fees?batch=${batch.id}`)).text;
  const token = /name="_csrf" value="([^"]+)"/.exec(page)![1];
  return agent
    .post('/teacher/fees/collect')
    .type('form')
    .send({ _csrf: token, batchId: String(batch.id), key: keyOf(page), registrationIds: ids.map(String), ...extra });
}

describe('fees', () => {
  let batch: Batch;
  before(async () => {
    batch = await makeBatch();
  });
  after(async () => {
    await archive(batch);
  });

  it('records ticked registrations at what is due, once per form even when submitted twice', async () => {
    const { agent, department } = await teacherAgent();
    const a = await register(batch, department, '电工', 4, 32000);
    const b = await register(batch, department, '办公软件应用(Office)', null, 20000);
    const page = (await agent.get(`/teacher/fees?batch=${batch.id}`)).text;
    const token = await csrfToken(agent, `/teacher/fees?batch=${batch.id}`);
    const form = {
      _csrf: token,
      batchId: String(batch.id),
      key: keyOf(page),
      registrationIds: [String(a.id), String(b.id)],
    };
    await agent.post('/teacher/fees/collect').type('form').send(form);
    await agent.post('/teacher/fees/collect').type('form').send(form); // the resent form
    expect([await collected(a.id), await collected(b.id)]).to.deep.equal([32000, 20000]);
    expect((await agent.get(`/teacher/fees?batch=${batch.id}`)).text).to.include('没有重复记账');
  });

  it('refuses recording nothing with the way out; offers a select-all box per class; buttons with nothing to act on are disabled', async () => {
    const season = await makeBatch();
    try {
      const { agent, department } = await teacherAgent();
      const empty = (await agent.get(`/teacher/fees?batch=${season.id}`)).text;
      expect(empty)
        .to.match(/<button type="submit" class="primary" id="collect-button" disabled>/)
        .and.match(/<button type="submit" disabled>退还已收费用/);
      const a = await register(season, department, '电工', 4, 32000);
      const res = await collect(agent, season, []);
      expect(res.status).to.equal(303);
      const refused = (await agent.get(`/teacher/fees?batch=${season.id}`)).text;
      expect(refused).to.include('没有勾选任何项目，什么也没有记录：请在名单中勾选已收到费用的考生项目');
      expect(await collected(a.id)).to.equal(0);
      expect(refused).to.include(
        '<label class="nowrap" hidden><input type="checkbox" class="select-all" aria-label="全选电子2301未缴清的项目"> 全选</label>',
      );
      expect(refused)
        .to.match(/id="collect-button" >/)
        .and.include('<script src="/static/js/fees.js" defer></script>');
    } finally {
      await archive(season);
    }
  });

  it('never double-counts under 20 concurrent submissions (same form and fresh forms)', async () => {
    const { agent, department } = await teacherAgent();
    const a = await register(batch, department, '电工', 3, 38000);
    const page = (await agent.get(`/teacher/fees?batch=${batch.id}`)).text;
    const token = await csrfToken(agent, `/teacher/fees?batch=${batch.id}`);
    const same = keyOf(page);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        agent
          .post('/teacher/fees/collect')
          .type('form')
          .send({
            _csrf: token,
            batchId: String(batch.id),
            key: i % 2 ? same : `${same}-${i}`,
            registrationIds: [String(a.id)],
          }),
      ),
    );
    expect(responses.every((r) => r.status === 303)).to.equal(true);
    expect(await collected(a.id)).to.equal(38000);
  });

  it('wants a reason when the amount differs from what is due; refunds and corrections add entries', async () => {
    const { agent, department } = await teacherAgent();
    const a = await register(batch, department, '电工', 4, 32000);
    await collect(agent, batch, [a.id], { amount: '300' });
    expect((await agent.get(`/teacher/fees?batch=${batch.id}`)).text).to.include(
      '实收金额与应收 320.00 元不一致：请填写原因',
    );
    await collect(agent, batch, [a.id], { amount: '300', reason: '困难减免 20 元' });
    expect(await collected(a.id)).to.equal(30000);

    const [entry] = await FeeEntry.findAll({ where: { registrationId: a.id } });
    let page = (await agent.get(`/teacher/fees?batch=${batch.id}`)).text;
    await postForm(agent, `/teacher/fees?batch=${batch.id}`, `/teacher/fees/entries/${entry.id}/reverse`, {
      batchId: String(batch.id),
      key: `${keyOf(page)}-r`,
      reason: '金额录错',
    });
    expect(await collected(a.id)).to.equal(0);
    expect(await FeeEntry.count({ where: { registrationId: a.id } })).to.equal(2); // the original stays

    await collect(agent, batch, [a.id]);
    await a.update({ status: 'cancelled', activeSlot: null, activeGrade: null, activeItem: null });
    page = (await agent.get(`/teacher/fees?batch=${batch.id}`)).text;
    expect(page).to.include('已取消，待退费');
    await postForm(agent, `/teacher/fees?batch=${batch.id}`, '/teacher/fees/refund', {
      batchId: String(batch.id),
      key: keyOf(page),
      registrationId: String(a.id),
      reason: '取消报名',
    });
    expect(await collected(a.id)).to.equal(0);
  });

  it("imports a payments list: totals spread over a candidate's items, reasons for differences, recorded once", async () => {
    const { agent, department } = await teacherAgent();
    const other = await teacherAgent();
    const a1 = await register(batch, department, '电工', 4, 32000);
    const student = await Student.findByPk(a1.studentId);
    const catalogItem = await item('办公软件应用(Office)');
    const a2 = await Registration.create({
      batchId: batch.id,
      studentId: student!.id,
      departmentId: department.id,
      catalogItemId: catalogItem.id,
      kind: 'special',
      level: null,
      attempt: 'initial',
      feeFen: 20000,
      status: 'active',
      channel: 'teacher',
      activeSlot: 2,
      activeGrade: null,
      activeItem: 1,
      heldNone: null,
      createdBy: null,
    });
    const b = await register(batch, department, '电工', 3, 38000);
    const bStudent = await Student.findByPk(b.studentId);
    const theirs = await Student.findByPk((await register(batch, other.department, '电工', 4, 32000)).studentId);
    const file = await writeXlsx(
      [
        ['学号', '身份证号', '姓名', '金额', '原因'],
        [student!.studentNo, '', student!.name, 520, ''],
        [bStudent!.studentNo, '', bStudent!.name, '300', ''],
        [theirs!.studentNo, '', theirs!.name, '320', ''],
      ],
      'payments.xlsx',
    );
    const token = await csrfToken(agent, `/teacher/fees/import?batch=${batch.id}`);
    const posted = await agent
      .post(`/teacher/fees/import?batch=${batch.id}&_csrf=${encodeURIComponent(token)}`)
      .attach('file', file);
    expect(posted.headers.location, 'post → redirect → get, no CSRF token in the address').to.match(
      new RegExp(`^/teacher/fees/import\\?batch=${batch.id}&check=[0-9a-f]{32}$`),
    );
    const preview = await agent.get(posted.headers.location);
    expect(preview.text).to.include('第 3 行').and.include('金额 300.00 元与待缴 380.00 元不一致');
    expect(preview.text).to.include('第 4 行').and.include(`学号 ${theirs!.studentNo} 已在系统中登记，不能在本院使用`);
    const fields = {
      _csrf: await csrfToken(agent, `/teacher/fees?batch=${batch.id}`),
      token: /name="token" value="([^"]+)"/.exec(preview.text)![1],
      batchId: String(batch.id),
      mode: 'clean-only',
    };
    await agent.post('/teacher/fees/import/confirm').type('form').send(fields);
    await agent.post('/teacher/fees/import/confirm').type('form').send(fields);
    expect([await collected(a1.id), await collected(a2.id), await collected(b.id)]).to.deep.equal([32000, 20000, 0]);
    expect((await agent.get(`/teacher/fees?batch=${batch.id}`)).text).to.include('导入已失效');
  });

  it('records a transfer with its receipt scan, shown only to the department and the office', async () => {
    const { agent } = await teacherAgent();
    const page = (await agent.get(`/teacher/fees?batch=${batch.id}`)).text;
    const token = await csrfToken(agent, `/teacher/fees?batch=${batch.id}`);
    const res = await agent
      .post(`/teacher/fees/transfers?batch=${batch.id}&_csrf=${encodeURIComponent(token)}`)
      .field('batchId', String(batch.id))
      .field('key', keyOf(page))
      .field('amount', '520')
      .field('transferredOn', '2024-10-12')
      .field('voucherNo', 'HX20241012001')
      .attach('file', await pdf('bank receipt'), '回单.pdf');
    expect(res.status).to.equal(303);
    const transfer = (await FeeTransfer.findOne({ where: { voucherNo: 'HX20241012001' } }))!;
    expect(transfer.amountFen).to.equal(52000);
    expect((await agent.get(`/teacher/fees/transfers/${transfer.id}/receipt`)).headers['content-type']).to.equal(
      'application/pdf',
    );
    expect((await (await teacherAgent()).agent.get(`/teacher/fees/transfers/${transfer.id}/receipt`)).status).to.equal(
      403,
    );
    expect((await (await officeAgent()).agent.get(`/office/fees/transfers/${transfer.id}/receipt`)).status).to.equal(
      200,
    );
  });

  it('keeps no receipt scan of a transfer that was refused or sent twice', async () => {
    const { agent, department } = await teacherAgent();
    const receipts = h().app.ctx.storage.resolve(`receipts/${batch.id}/${department.id}`);
    const scans = () => (fs.existsSync(receipts) ? fs.readdirSync(receipts) : []);
    const send = async (key: string, amount: string, file?: Buffer) => {
      const token = await csrfToken(agent, `/teacher/fees?batch=${batch.id}`);
      return agent
        .post(`/teacher/fees/transfers?batch=${batch.id}&_csrf=${encodeURIComponent(token)}`)
        .field('batchId', String(batch.id))
        .field('key', key)
        .field('amount', amount)
        .field('transferredOn', '2024-10-12')
        .field('voucherNo', `HX${key}`)
        .attach('file', file ?? (await pdf('bank receipt')), '回单.pdf');
    };
    const page = (await agent.get(`/teacher/fees?batch=${batch.id}`)).text;
    expect((await send(keyOf(page), '0')).status).to.equal(303);
    expect(scans(), 'a refused transfer').to.deep.equal([]);
    await send(keyOf(page), '320', Buffer.from('not a receipt, only named like one'));
    expect((await agent.get(`/teacher/fees?batch=${batch.id}`)).text).to.include(
      '转账回单请上传 JPG、PNG 图片或 PDF 文件',
    );
    expect(scans(), 'a text file named .pdf').to.deep.equal([]);
    expect(await FeeTransfer.count({ where: { idempotencyKey: keyOf(page) } }), 'nothing recorded').to.equal(0);
    const key = keyOf((await agent.get(`/teacher/fees?batch=${batch.id}`)).text);
    await send(key, '320');
    await send(key, '320');
    expect(await FeeTransfer.count({ where: { idempotencyKey: key } })).to.equal(1);
    expect(scans(), 'one transfer sent twice').to.have.length(1);
  });

  it('corrects a transfer and a remittance with reversing rows, once each', async () => {
    const { agent } = await teacherAgent();
    let page = (await agent.get(`/teacher/fees?batch=${batch.id}`)).text;
    await postForm(agent, `/teacher/fees?batch=${batch.id}`, '/teacher/fees/transfers', {
      batchId: String(batch.id),
      key: keyOf(page),
      amount: '100',
      transferredOn: '2024-10-11',
      voucherNo: 'WRONG-001',
    });
    const transfer = (await FeeTransfer.findOne({ where: { voucherNo: 'WRONG-001' } }))!;
    for (let i = 0; i < 2; i++) {
      page = (await agent.get(`/teacher/fees?batch=${batch.id}`)).text;
      await postForm(agent, `/teacher/fees?batch=${batch.id}`, `/teacher/fees/transfers/${transfer.id}/reverse`, {
        batchId: String(batch.id),
        key: `${keyOf(page)}-x${i}`,
        reason: '金额填错',
      });
    }
    expect(
      (await FeeTransfer.sum('amountFen', { where: { departmentId: transfer.departmentId, batchId: batch.id } })) ?? 0,
    ).to.equal(0);
    expect(await FeeTransfer.count({ where: { reversesId: transfer.id } })).to.equal(1);

    const { agent: clerk } = await officeAgent();
    page = (await clerk.get(`/office/fees?batch=${batch.id}`)).text;
    await postForm(clerk, `/office/fees?batch=${batch.id}`, '/office/fees/remittances', {
      batchId: String(batch.id),
      key: keyOf(page),
      payee: 'province',
      amount: '1000',
      paidOn: '2024-11-20',
      reference: 'SZ-REF-1',
    });
    const remittance = (await FeeRemittance.findOne({ where: { reference: 'SZ-REF-1' } }))!;
    await postForm(clerk, `/office/fees?batch=${batch.id}`, `/office/fees/remittances/${remittance.id}/reverse`, {
      batchId: String(batch.id),
      key: `${keyOf(page)}-m`,
      reason: '重复登记',
    });
    expect((await FeeRemittance.sum('amountFen', { where: { batchId: batch.id, payee: 'province' } })) ?? 0).to.equal(
      0,
    );
  });

  it("names the teacher's export by department and season, and lists every transfer in the reconciliation", async () => {
    const season = await makeBatch();
    try {
      const { agent, department } = await teacherAgent();
      const transfer = async (amount: string, transferredOn: string, voucherNo: string) => {
        const page = (await agent.get(`/teacher/fees?batch=${season.id}`)).text;
        await postForm(agent, `/teacher/fees?batch=${season.id}`, '/teacher/fees/transfers', {
          batchId: String(season.id),
          key: keyOf(page),
          amount,
          transferredOn,
          voucherNo,
        });
        return (await FeeTransfer.findOne({ where: { batchId: season.id, voucherNo } }))!;
      };
      const first = await transfer('700', '2024-10-11', '00202410110001'); // leading zeros: must stay text
      await transfer('320.5', '2024-10-12', 'HX-2');
      const { agent: clerk } = await officeAgent();
      await postForm(clerk, `/office/fees?batch=${season.id}`, `/office/fees/transfers/${first.id}/confirm`, {
        batchId: String(season.id),
      });

      const own = await agent.get(`/teacher/fees/export?batch=${season.id}`);
      const name = `${department.name}_${season.name}_收费明细.xlsx`;
      expect(own.headers['content-disposition']).to.match(/^attachment; filename="[^"]*"; filename\*=UTF-8''(.+)$/);
      expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(own.headers['content-disposition'])![1])).to.equal(name);

      const res = await clerk
        .get(`/office/fees/export?batch=${season.id}`)
        .buffer(true)
        .parse((r, cb) => {
          const c: Buffer[] = [];
          r.on('data', (d: Buffer) => c.push(d));
          r.on('end', () => cb(null, Buffer.concat(c)));
        });
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.body as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('每笔转账')!;
      const rows = (sheet.getSheetValues() as ExcelJS.CellValue[][]).filter(Boolean).map((r) => r.slice(1));
      expect(rows[0]).to.deep.equal(['二级学院', '转账日期', '金额（元）', '凭证号', '状态', '确认时间']);
      const confirmedAt = (await FeeTransfer.findByPk(first.id))!.confirmedAt!;
      const mine = rows.slice(1).filter((r) => r[0] === department.name);
      expect(mine.map((r) => r.slice(1, 5))).to.deep.equal([
        ['2024-10-11', 700, '00202410110001', '已确认'],
        ['2024-10-12', 320.5, 'HX-2', '未确认'],
      ]);
      expect(mine[0][5]).to.equal(formatShanghai(confirmedAt));
      expect(sheet.getCell(`D${rows.findIndex((r) => r[3] === '00202410110001') + 1}`).numFmt).to.equal('@');
    } finally {
      await archive(season);
    }
  });

  it('a teacher cannot record for another department', async () => {
    const { agent } = await teacherAgent();
    const other = await teacherAgent();
    const theirs = await register(batch, other.department, '电工', 4, 32000);
    const res = await collect(agent, batch, [theirs.id]);
    expect(res.status).to.equal(403);
    expect(await collected(theirs.id)).to.equal(0);
  });

  it('a season of 3 departments and 300 registrations reconciles to zero, then shows the exact candidates behind a difference', async function () {
    this.timeout(120_000);
    const season = await makeBatch();
    try {
      const teachers = [await teacherAgent(), await teacherAgent(), await teacherAgent()];
      const plan: Array<[string, 3 | 4 | null, number]> = [
        ['电工', 4, 32000],
        ['汽车维修工', 3, 38000],
        ['办公软件应用(Office)', null, 20000],
      ];
      const byDepartment: number[][] = [];
      for (const t of teachers) {
        const ids: number[] = [];
        for (let i = 0; i < 100; i++) ids.push((await register(season, t.department, ...plan[i % 3])).id);
        byDepartment.push(ids);
      }
      for (const [i, t] of teachers.entries()) {
        await collect(t.agent, season, byDepartment[i]);
        const owed = byDepartment[i].length; // 100 registrations each
        const page = (await t.agent.get(`/teacher/fees?batch=${season.id}`)).text;
        expect(page).to.include('id="owed">30020.00 元'); // all collected, not yet transferred
        await postForm(t.agent, `/teacher/fees?batch=${season.id}`, '/teacher/fees/transfers', {
          batchId: String(season.id),
          key: keyOf(page),
          amount: String(34 * 320 + 33 * 380 + 33 * 200),
          transferredOn: '2024-10-12',
          voucherNo: `=SUM(A1)-${owed}`,
        });
      }
      const { agent: clerk } = await officeAgent();
      for (const transfer of await FeeTransfer.findAll({ where: { batchId: season.id } })) {
        await postForm(clerk, `/office/fees?batch=${season.id}`, `/office/fees/transfers/${transfer.id}/confirm`, {
          batchId: String(season.id),
        });
      }
      let page = (await clerk.get(`/office/fees?batch=${season.id}`)).text;
      expect(page).to.include('各学院应收、实收、上交全部一致，差额为零');
      expect(page)
        .to.include('<th id="total-expected">90060.00</th>')
        .and.include('<th id="total-collected">90060.00</th>')
        .and.include('<th id="total-difference">0.00</th>');
      const row = page
        .slice(
          page.indexOf('等级认定 四级 · 初次评价'),
          page.indexOf('</tr>', page.indexOf('等级认定 四级 · 初次评价')),
        )
        .replace(/\s+/g, '');
      expect(row).to.equal(
        '等级认定四级·初次评价</td><td>102</td><td>320.00</td><td>32640.00</td><td>32640.00</td><td>32640.00</td><tdclass="ok-text">一致</td>',
      );

      // A difference on purpose: one refund in department 2 and one uncollected registration in department 3.
      const refunded = await Registration.findByPk(byDepartment[1][5]);
      const refundPage = (await teachers[1].agent.get(`/teacher/fees?batch=${season.id}`)).text;
      await postForm(teachers[1].agent, `/teacher/fees?batch=${season.id}`, '/teacher/fees/refund', {
        batchId: String(season.id),
        key: keyOf(refundPage),
        registrationId: String(refunded!.id),
        reason: '测试差额',
      });
      const late = await register(season, teachers[2].department, '电工', 4, 32000, 2);
      page = (await clerk.get(`/office/fees?batch=${season.id}`)).text;
      expect(page).to.include('2 个学院有差异');
      const detail = (await clerk.get(`/office/fees/departments/${teachers[2].department.id}?batch=${season.id}`)).text;
      const offRows = detail.slice(
        detail.indexOf('id="off-lines"'),
        detail.indexOf('</table>', detail.indexOf('id="off-lines"')),
      );
      expect((offRows.match(/<tr>/g) ?? []).length - 1).to.equal(1);
      expect(offRows)
        .to.include((await Student.findByPk(late.studentId))!.name)
        .and.include('未缴费');
      const refundRows = (await clerk.get(`/office/fees/departments/${teachers[1].department.id}?batch=${season.id}`))
        .text;
      expect(refundRows).to.include((await Student.findByPk(refunded!.studentId))!.name);

      // Voucher numbers are text, and text that looks like a formula is not written as one.
      const sheetRes = await teachers[0].agent
        .get(`/teacher/fees/export?batch=${season.id}`)
        .buffer(true)
        .parse((r, cb) => {
          const c: Buffer[] = [];
          r.on('data', (d: Buffer) => c.push(d));
          r.on('end', () => cb(null, Buffer.concat(c)));
        });
      const departmentBook = new ExcelJS.Workbook();
      await departmentBook.xlsx.load(sheetRes.body as unknown as ArrayBuffer);
      const voucher = departmentBook.getWorksheet('上交记录')!.getRow(2).getCell(2).value;
      expect(voucher).to.equal(`'=SUM(A1)-100`);

      // The workbook adds up to the database.
      const res = await clerk
        .get(`/office/fees/export?batch=${season.id}`)
        .buffer(true)
        .parse((r, cb) => {
          const c: Buffer[] = [];
          r.on('data', (d: Buffer) => c.push(d));
          r.on('end', () => cb(null, Buffer.concat(c)));
        });
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.body as unknown as ArrayBuffer);
      const summary = workbook.getWorksheet('汇总')!;
      const totalRow = summary.getRow(summary.rowCount);
      const dbCollected = (await FeeEntry.sum('amountFen', { where: { batchId: season.id } })) ?? 0;
      const dbExpected = (await Registration.sum('feeFen', { where: { batchId: season.id, status: 'active' } })) ?? 0;
      expect(Math.round(Number(totalRow.getCell(4).value) * 100)).to.equal(dbCollected);
      expect(Math.round(Number(totalRow.getCell(3).value) * 100)).to.equal(dbExpected);
      const sheet = workbook.getWorksheet(teachers[0].department.name)!;
      let sum = 0;
      sheet.eachRow((row, n) => {
        if (n > 1) sum += Math.round(Number(row.getCell(7).value) * 100);
      });
      expect(sum).to.equal(
        (await FeeEntry.sum('amountFen', { where: { batchId: season.id, departmentId: teachers[0].department.id } })) ??
          0,
      );
      expect(typeof sheet.getRow(2).getCell(4).value).to.equal('string'); // ID numbers are text cells
      const transferSheetCheck = workbook.getWorksheet('上缴');
      expect(transferSheetCheck).to.not.equal(undefined);
    } finally {
      await archive(season);
    }
  });
});
