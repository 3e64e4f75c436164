// The fee lists of a department with 2,000 registrations (issue 14 item 4), paged as the
// registration lists are: the teacher's fee sheet and the office's 收费明细 show 500 lines a
// page, later pages the rest and nothing twice; every total on them is over all lines, not the
// page; a class or a payment filter stays on across page links; ticking on a later page records
// what was ticked and comes back to that page.
import { expect } from 'chai';
import { noticeSchedule } from '../../app/domain/fees.js';
import { LINE_FILTERS } from '../../app/domain/ledger.js';
import { formatYuan } from '../../app/domain/money.js';
import { FeeEntry, type Batch, type Department } from '../../app/models/index.js';
import { LIST_LIMIT } from '../../app/services/registration/registration-queries.js';
import { archive, makeBatch } from '../factories/batches.js';
import { seedFeeSeason } from '../factories/fee-season.js';
import { csrfToken, officeAgent, teacherAgent, uid, type Agent } from '../factories/index.js';
import { legacyFeeLines, linesOff, type LegacyLine } from './legacy-fee-reports.js';

const rowIds = (page: string, attribute = 'data-registration') =>
  [...page.matchAll(new RegExp(`${attribute}="(\\d+)"`, 'g'))].map((m) => Number(m[1]));
const sum = (lines: LegacyLine[], key: 'dueFen' | 'collectedFen') =>
  lines.reduce((s, l) => s + (key === 'dueFen' && !l.active ? 0 : l[key]), 0);
const hrefs = (page: string) =>
  [...page.matchAll(/<nav class="pager">([\s\S]*?)<\/nav>/g)].flatMap((nav) =>
    [...nav[1].matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&')),
  );

describe('fee lists paged like the registration lists (issue 14 item 4)', function () {
  this.timeout(180_000);
  let batch: Batch;
  let department: Department;
  let teacher: Agent;
  let clerk: Agent;
  let lines: LegacyLine[];

  before(async () => {
    batch = await makeBatch();
    ({ agent: teacher, department } = await teacherAgent());
    clerk = (await officeAgent()).agent;
    await seedFeeSeason(batch.id, {
      registrations: 2000,
      departments: [department],
      fees: noticeSchedule(),
      prefix: `L${uid()}`,
    });
    lines = await legacyFeeLines(batch.id, department.id);
  });
  after(async () => {
    await archive(batch);
  });

  /** Follows 下一页 from the first page to the last, collecting each page. */
  async function allPages(agent: Agent, first: string): Promise<string[]> {
    const pages = [(await agent.get(first)).text];
    for (let next = hrefs(pages[0]).find((h) => /page=2\b/.test(h)); next;) {
      const page = (await agent.get(next)).text;
      pages.push(page);
      const n = pages.length + 1;
      next = hrefs(page).find((h) => new RegExp(`[?&]page=${n}\\b`).test(h));
    }
    return pages;
  }

  it('the teacher sees 500 lines a page, the rest on later pages, each line once, with totals over the whole department', async () => {
    const pages = await allPages(teacher, `/teacher/fees?batch=${batch.id}`);
    expect(pages).to.have.length(Math.ceil(lines.length / LIST_LIMIT));
    expect(pages.map((p) => rowIds(p).length)).to.deep.equal(
      pages.map((_, i) => Math.min(LIST_LIMIT, lines.length - i * LIST_LIMIT)),
    );
    expect(pages.flatMap((p) => rowIds(p)).sort()).to.deep.equal(lines.map((l) => l.registrationId).sort());
    for (const page of pages) {
      expect(page)
        .to.include(`<dt>应收</dt><dd>${formatYuan(sum(lines, 'dueFen'))} 元</dd>`)
        .and.include(`<dt>实收</dt><dd>${formatYuan(sum(lines, 'collectedFen'))} 元</dd>`);
      expect(page).to.include(`本院项目共 ${lines.length} 项`);
    }
    // A class header carries the whole class's totals, whichever page it is on and however filtered
    const last = pages.at(-1)!;
    const className = /<h2>([^<]+)<\/h2><span class="muted">全班应收/.exec(last)![1];
    const own = lines.filter((l) => l.className === className);
    const header = `<h2>${className}</h2><span class="muted">全班应收 ${formatYuan(sum(own, 'dueFen'))} · 实收 ${formatYuan(sum(own, 'collectedFen'))} 元</span>`;
    expect(last).to.include(header);
    const filtered = (
      await teacher.get(`/teacher/fees?batch=${batch.id}&class=${encodeURIComponent(className)}&filter=owing`)
    ).text;
    expect(rowIds(filtered).sort()).to.deep.equal(
      own
        .filter(LINE_FILTERS.owing.holds)
        .map((l) => l.registrationId)
        .sort(),
    );
    expect(filtered)
      .to.include(header)
      .and.include(`符合条件的项目共 ${own.filter(LINE_FILTERS.owing.holds).length} 项`);
  });

  it('a filter stays on across page links, and page 2 holds the rest of what it picks', async () => {
    const paid = lines.filter(LINE_FILTERS.paid.holds);
    expect(paid.length, 'enough paid lines for two pages').to.be.above(LIST_LIMIT);
    const pages = await allPages(teacher, `/teacher/fees?batch=${batch.id}&filter=paid`);
    expect(pages).to.have.length(Math.ceil(paid.length / LIST_LIMIT));
    expect(hrefs(pages[0])).to.deep.equal([`/teacher/fees?batch=${batch.id}&filter=paid&page=2`]);
    expect(hrefs(pages[1])[0]).to.equal(`/teacher/fees?batch=${batch.id}&filter=paid&page=1`);
    expect(pages.flatMap(hrefs).every((h) => h.includes('&filter=paid&page='))).to.equal(true);
    expect(pages.flatMap((p) => rowIds(p)).sort()).to.deep.equal(paid.map((l) => l.registrationId).sort());
    expect(pages[1]).to.include('<option value="paid" selected>已缴清</option>');
  });

  it('ticking on a later page records exactly what was ticked there and comes back to that page', async () => {
    const url = `/teacher/fees?batch=${batch.id}&page=3`;
    const page = (await teacher.get(url)).text;
    const ticked = rowIds(page, 'name="registrationIds" value').slice(0, 4);
    expect(ticked).to.have.length(4);
    const res = await teacher
      .post('/teacher/fees/collect')
      .type('form')
      .send({
        _csrf: await csrfToken(teacher, url),
        batchId: String(batch.id),
        key: /name="key" value="([^"]+)"/.exec(page)![1],
        registrationIds: ticked.map(String),
        class: '',
        filter: '',
        page: '3',
      });
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal(`/teacher/fees?batch=${batch.id}&page=3`);
    for (const id of ticked) {
      const line = lines.find((l) => l.registrationId === id)!;
      expect((await FeeEntry.sum('amountFen', { where: { registrationId: id } })) ?? 0).to.equal(line.dueFen);
    }
    expect((await teacher.get(res.headers.location)).text).to.include('已记录 4 项收费');
    lines = await legacyFeeLines(batch.id, department.id);
  });

  it("收费明细 pages all lines and the lines behind a difference apart, keeping each other's page and the filters", async () => {
    const base = `/office/fees/departments/${department.id}`;
    const off = linesOff(lines);
    expect(off.length, 'enough differences for two pages').to.be.above(LIST_LIMIT);
    const first = (await clerk.get(`${base}?batch=${batch.id}`)).text;
    expect(first).to.include(`有差异的项目（${off.length}）`).and.include(`全部项目（${lines.length}）`);
    expect(first)
      .to.include(`<dt>应收</dt><dd>${formatYuan(sum(lines, 'dueFen'))} 元</dd>`)
      .and.include(`<dt>实收</dt><dd>${formatYuan(sum(lines, 'collectedFen'))} 元</dd>`);
    const offRows = (page: string) =>
      (
        page
          .slice(page.indexOf('id="off-lines"'), page.indexOf('</table>', page.indexOf('id="off-lines"')))
          .match(/<tr>/g) ?? []
      ).length - 1;
    expect(offRows(first)).to.equal(LIST_LIMIT);
    expect(hrefs(first)).to.deep.equal([
      `${base}?batch=${batch.id}&offPage=2#off`,
      `${base}?batch=${batch.id}&page=2#all`,
    ]);

    const both = (await clerk.get(`${base}?batch=${batch.id}&page=2&offPage=2`)).text;
    expect(offRows(both)).to.equal(off.length - LIST_LIMIT);
    expect(rowIds(both)).to.have.length(Math.min(LIST_LIMIT, lines.length - LIST_LIMIT));
    expect(hrefs(both))
      .to.include(`${base}?batch=${batch.id}&page=2&offPage=1#off`)
      .and.include(`${base}?batch=${batch.id}&offPage=2&page=1#all`);

    const refunds = lines.filter(LINE_FILTERS['refund-due'].holds);
    const filtered = (await clerk.get(`${base}?batch=${batch.id}&filter=refund-due`)).text;
    expect(rowIds(filtered).sort()).to.deep.equal(refunds.map((l) => l.registrationId).sort());
    expect(filtered).to.include(`全部项目（${refunds.length}，已筛选）`).and.include(`有差异的项目（${off.length}）`);
  });

  it('the fee sheet tells a filter that picks nothing from a department with no registrations', async () => {
    const none = (await teacher.get(`/teacher/fees?batch=${batch.id}&class=${encodeURIComponent('没有这个班')}`)).text;
    expect(none).to.include('没有符合条件的项目，请换一个班级或缴费状态。').and.not.include('本院在本批次还没有报名');
    expect(none).to.include(`<dt>应收</dt><dd>${formatYuan(sum(lines, 'dueFen'))} 元</dd>`);
  });

  it("the shared pager never repeats the page key (the registration list's third page was unreachable)", async () => {
    const page = (await teacher.get(`/teacher/registrations?batch=${batch.id}&page=2`)).text;
    expect(hrefs(page)).to.deep.equal([
      `/teacher/registrations?batch=${batch.id}&page=1`,
      `/teacher/registrations?batch=${batch.id}&page=3`,
    ]);
    expect((await teacher.get(hrefs(page)[1])).text).to.include('第 3 / ');
  });
});
