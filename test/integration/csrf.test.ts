// CSRF tokens on every state-changing form (issue 2).
import { expect } from 'chai';
import { Department } from '../../app/models/index.js';
import { csrfToken, officeAgent, uid } from '../factories/index.js';

describe('CSRF protection', () => {
  it('refuses a form posted without the token, and changes nothing', async () => {
    const { agent } = await officeAgent();
    const name = `无令牌学院${uid()}`;
    const res = await agent.post('/office/departments').type('form').send({ name });
    expect(res.status).to.equal(403);
    expect(res.text).to.include('CSRF 校验失败');
    expect(await Department.count({ where: { name } })).to.equal(0);
  });

  it("refuses another session's token", async () => {
    const { agent: mine } = await officeAgent();
    const { agent: theirs } = await officeAgent();
    const foreign = await csrfToken(theirs, '/office/departments');
    const name = `外来令牌学院${uid()}`;
    const res = await mine.post('/office/departments').type('form').send({ _csrf: foreign, name });
    expect(res.status).to.equal(403);
    expect(await Department.count({ where: { name } })).to.equal(0);
  });

  it('refuses a multipart upload without the token before reading the file', async () => {
    const { teacherAgent } = await import('../factories/index.js');
    const { agent } = await teacherAgent();
    const res = await agent.post('/teacher/students/import').attach('file', Buffer.from('not really'), 'x.xlsx');
    expect(res.status).to.equal(403);
  });

  it('sends an upload with a stale token back to the page it came from, without the token in the address (issue 12)', async () => {
    const { teacherAgent } = await import('../factories/index.js');
    const { agent } = await teacherAgent();
    const post = (referer: string) =>
      agent
        .post('/teacher/students/import?_csrf=stale')
        .set('Host', 'skillcert.test')
        .set('Referer', referer)
        .attach('file', Buffer.from('not really'), 'x.xlsx');
    const refused = await post('http://skillcert.test/teacher/students/import?_csrf=older');
    expect(refused.status).to.equal(303);
    expect(refused.headers.location).to.equal('/teacher/students/import');
    expect((await agent.get(refused.headers.location)).text).to.include('CSRF 校验失败');
    expect(
      (await post('http://elsewhere.example/teacher/students/import')).status,
      'a post from another site',
    ).to.equal(403);
    expect(
      (await agent.post('/teacher/students/import?_csrf=stale').attach('file', Buffer.from('x'), 'x.xlsx')).status,
      'no Referer',
    ).to.equal(403);
  });

  it('refuses the login form without a token', async () => {
    const { agent } = await officeAgent();
    const res = await agent.post('/logout').type('form').send({});
    expect(res.status).to.equal(403);
  });
});
