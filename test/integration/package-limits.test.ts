// The README's limit of 100,000 entries per ZIP, reached (issue 13 item 6): every entry a problem
// of its own, so the report is as large as an upload's report can get. It must be stored on both
// databases (MySQL's max_allowed_packet can be 4 MiB), the counts must stay exact, and the page
// must list the problems in a size a browser can show, with the full list as a download.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { Package, PackageUpload } from '../../app/models/index.js';
import { ZipWriter } from '../../app/lib/zip-writer.js';
import { archive, gradeRegistration, makeBatch } from '../factories/batches.js';
import { csrfToken, makeStudent, teacherAgent, uid } from '../factories/index.js';
import { candidateEntries } from '../factories/package-files.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-limits-'));
const ENTRIES = 100_000;

/** One good candidate and 99,998 stray top-level files (a real ZIP64 archive: over 65,535 entries). */
async function largestZip(id: string): Promise<string> {
  const file = path.join(dir, `${uid()}.zip`);
  const out = fs.createWriteStream(file);
  const zip = new ZipWriter(out, 'utf8');
  for (const entry of await candidateEntries(id)) if (entry.data) await zip.add(String(entry.name), entry.data);
  const empty = Buffer.alloc(0);
  for (let i = 2; i < ENTRIES; i++) await zip.add(`扫描件备份-${String(i).padStart(6, '0')}.jpg`, empty);
  await zip.finish();
  return file;
}

describe('a ZIP at the documented limit of 100,000 entries', () => {
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is checked, stored and reported with exact counts on this database', async function () {
    this.timeout(180_000);
    const batch = await makeBatch();
    try {
      const { agent, department } = await teacherAgent();
      const good = await makeStudent(department.id);
      await gradeRegistration(batch, good);
      const file = await largestZip(good.idNumber);
      const token = await csrfToken(agent, `/teacher/packages?batch=${batch.id}`);
      const started = Date.now();
      const res = await agent
        .post(`/teacher/packages/upload?batch=${batch.id}&_csrf=${encodeURIComponent(token)}`)
        .attach('file', file, '全院.zip');
      const seconds = (Date.now() - started) / 1000;
      console.log(`      upload of ${ENTRIES} entries: ${seconds.toFixed(1)} s`);
      expect(res.status, res.text.slice(0, 2000)).to.equal(303);
      expect(seconds, 'upload time').to.be.below(60);
      expect(await Package.count({ where: { batchId: batch.id, studentId: good.id } })).to.equal(1);

      const upload = (await PackageUpload.findOne({ where: { batchId: batch.id, departmentId: department.id } }))!;
      expect(Buffer.byteLength(upload.report), 'bytes kept in the database').to.be.below(1024 * 1024);
      const page = (await agent.get(res.headers.location)).text;
      expect(page).to.include('检查完成：1 名考生的材料已保存');
      expect(page.length, 'page size').to.be.below(2 * 1024 * 1024);
      expect(page).to.include(`共 ${(ENTRIES - 2).toLocaleString('en-US')} 个问题`);
      const link = page.match(/href="([^"]+\/report\.csv)"/)?.[1];
      expect(link, 'download link').to.be.a('string');
      const csv = await agent.get(link!.replace(/&amp;/g, '&')).buffer(true);
      expect(csv.status).to.equal(200);
      const lines = csv.text.trim().split('\n');
      expect(lines.length).to.equal(1 + ENTRIES - 2); // a header, then one line per problem
      expect(lines[lines.length - 1]).to.include(`扫描件备份-${String(ENTRIES - 1).padStart(6, '0')}.jpg`);
    } finally {
      await archive(batch);
    }
  });
});
