// SQL statements per page (issue 14 item 3): the pages of the registration rush stay within their
// budget, so the user, the batch and the rest are each read once. The count comes from the app
// itself (COUNT_SQL, X-SQL-Statements), the same figure bench:rush prints.
import { expect } from 'chai';
import { item, makeBatch } from '../factories/batches.js';
import { csrfToken, makeDepartment, studentAgent, type Agent } from '../factories/index.js';
import type { Batch } from '../../app/models/index.js';

const statements = (res: { headers: Record<string, string> }) => Number(res.headers['x-sql-statements']);

async function post(a: Agent, url: string, fields: Record<string, string | string[]>) {
  const token = await csrfToken(a, '/student');
  return a
    .post(url)
    .type('form')
    .send({ _csrf: token, ...fields });
}

describe('SQL statements per page of the registration rush', () => {
  let batch: Batch;
  before(async () => {
    batch = await makeBatch();
  });

  it('选择报考项目, the preview and the confirmation each stay within their budget', async () => {
    const { agent } = await studentAgent((await makeDepartment()).id);
    const electrician = await item('电工');
    const office = await item('办公软件应用(Office)');
    const fields = {
      batchId: String(batch.id),
      grade: `${electrician.id}:4`,
      special: [String(office.id)],
      heldNone: 'on',
    };
    await agent.get('/student/register').expect(200);
    const page = await agent.get('/student/register').expect(200);
    const preview = await post(agent, '/student/register/preview', fields);
    const confirm = await post(agent, '/student/register', fields);
    expect(confirm.status).to.equal(303);
    expect(statements(page), 'session, account with record, held certificates, registrations').to.be.at.most(4);
    expect(statements(preview)).to.be.at.most(6);
  });
});
