// ID numbers in file names (issue 13 item 7): a ZIP named 材料_<ID>.zip must not put the full
// number into the audit log or onto the pages that list uploads.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { Op } from 'sequelize';
import { AuditLog } from '../../app/models/index.js';
import { archive, gradeRegistration, makeBatch } from '../factories/batches.js';
import { csrfToken, makeStudent, officeAgent, teacherAgent, uid } from '../factories/index.js';
import { candidateEntries } from '../factories/package-files.js';
import { writeZip } from '../factories/zip-writer.js';

describe('ID numbers in uploaded file names', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-mask-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('masks an ID glued to letters or _ in the audit log, the upload list and the office pages', async () => {
    const batch = await makeBatch();
    const { agent, department } = await teacherAgent();
    const student = await makeStudent(department.id);
    await gradeRegistration(batch, student);
    const file = path.join(tmp, `${uid()}.zip`);
    await writeZip(file, await candidateEntries(student.idNumber, { wrapper: '材料' }));
    const token = await csrfToken(agent, `/teacher/packages?batch=${batch.id}`);
    const name = `材料_${student.idNumber}.zip`;
    const res = await agent
      .post(`/teacher/packages/upload?batch=${batch.id}&_csrf=${encodeURIComponent(token)}`)
      .attach('file', file, name);
    expect(res.status).to.equal(303);

    const masked = `材料_${student.idNumber.slice(0, 4)}**********${student.idNumber.slice(-4)}.zip`;
    const page = await agent.get(res.headers.location);
    expect(page.text).to.include(masked).and.not.include(name);
    const entries = await AuditLog.findAll({ where: { createdAt: { [Op.gte]: new Date(Date.now() - 60_000) } } });
    const logged = entries.map((e) => JSON.stringify(e.toJSON())).join('\n');
    expect(logged).to.include(masked);
    expect(logged).not.to.include(student.idNumber);
    const office = (await officeAgent()).agent;
    for (const url of ['/office', '/office/audit'])
      expect((await office.get(url)).text, url).not.to.include(student.idNumber);
    await archive(batch);
  });
});
