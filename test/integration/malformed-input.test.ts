// Malformed input never gives a 500 (issue 13 item 10). Every route of the route table, walked
// from the app's own router, gets ids that are not ids, repeated keys, and truncated multipart
// bodies, from each of the four roles; each answer is a refusal page in Chinese, never a crash.
import fs from 'node:fs';
import { expect } from 'chai';
import type { Express } from 'express';
import { archive, makeBatch } from '../factories/batches.js';
import { agent, csrfToken, officeAgent, studentAgent, teacherAgent, type Agent } from '../factories/index.js';
import { h } from '../setup/hooks.js';

type Route = { method: 'get' | 'post'; path: string };
type Layer = {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: string | string[];
};

/** Every method and path the app answers, from Express 5's router stack (router 2.x layers). */
export function routeTable(app: Express): Route[] {
  const found = new Map<string, Route>();
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) {
          for (const path of [layer.route.path].flat()) {
            if (method === 'get' || method === 'post')
              found.set(`${method} ${prefix}${path}`, { method, path: prefix + path });
          }
        }
      } else if (layer.handle?.stack) {
        const mount = [layer.rawPath ?? '/'].flat()[0];
        walk(layer.handle.stack, prefix + (mount === '/' ? '' : mount));
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return [...found.values()];
}

// Ids that are not ids (letters, negative, one past the SQL INT range, an emoji, an exponent, far
// too long), and a well-formed id that no row has (it must be refused before a foreign key is).
const UNKNOWN_ID = '2147483647';
const BAD_IDS = ['abc', '-1', '2147483648', '😀', '1e3', '99999999999999999999', UNKNOWN_ID];
// Every query key and form field the routes read an id or a choice from (and then some).
const KEYS = [
  'id',
  'batch',
  'batchId',
  'department',
  'departmentId',
  'upload',
  'page',
  'q',
  'status',
  'kind',
  'level',
  'item',
  'itemId',
  'catalogItemId',
  'studentId',
  'registrationId',
  'registrationIds',
  'packageIds',
  'entryId',
  'year',
  'half',
  'check',
  'token',
  'mode',
  'sortOrder',
  'amount',
  'attempt',
  'channel',
  'fee',
  'paid',
  'materials',
  'from',
  'to',
  'action',
  'actor',
  'which',
  'choice',
  'choices',
  'slot',
  'rate',
  'rates',
];

function withParams(path: string, value: string): string {
  return path.replace(/:(\w+)/g, () => encodeURIComponent(value));
}

function query(pairs: [string, string][]): string {
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

/** One set of fields per malformed value, plus the same keys repeated (arrays where a string is expected). */
function variants(batchId: number): string[] {
  const single = BAD_IDS.map((v) => query([...KEYS.map((k): [string, string] => [k, v]), ['q', 'a'], ['q', 'b']]));
  const repeated = query(
    KEYS.flatMap((k): [string, string][] => [
      [k, '1'],
      [k, '2'],
    ]),
  );
  const bracketed = query(KEYS.map((k): [string, string] => [`${k}[]`, '1']));
  // A real batch, so the handlers go past it to the other ids (departments, items, registrations).
  const deeper = query(KEYS.map((k): [string, string] => [k, k.startsWith('batch') ? String(batchId) : UNKNOWN_ID]));
  return [...single, repeated, bracketed, deeper];
}

const BOUNDARY = 'skillcertBoundary';
const filePart = (field: string, name: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
// Multipart bodies an upload form can never send: cut off mid-file, a broken part header, no boundary at all.
const BROKEN_MULTIPART: { type: string; body: string }[] = [
  {
    type: `multipart/form-data; boundary=${BOUNDARY}`,
    body: `${filePart('file', 'a.xlsx')}PK\u0003\u0004cut off here`,
  },
  { type: `multipart/form-data; boundary=${BOUNDARY}`, body: `${filePart('files', 'x/a.zip')}PK\u0003\u0004` },
  {
    type: `multipart/form-data; boundary=${BOUNDARY}`,
    body: `--${BOUNDARY}\r\nContent-Disposition form-data name\r\n\r\nx\r\n--${BOUNDARY}--\r\n`,
  },
  {
    type: `multipart/form-data; boundary=${BOUNDARY}`,
    body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="batchId"\r\n\r\n${'9'.repeat(70 * 1024)}\r\n--${BOUNDARY}--\r\n`,
  },
  { type: 'multipart/form-data', body: `${filePart('file', 'a.xlsx')}PK\r\n--${BOUNDARY}--\r\n` },
];

type Lane = { role: string; lane: number; agent: Agent; token: string };
type Answer = { status: number; text: string; type: string };
type Problem = string;

function judge(route: Route, role: string, what: string, res: Answer): Problem | null {
  const where = `${role} ${route.method.toUpperCase()} ${route.path} [${what}]`;
  if (res.status >= 500) return `${where}: ${res.status}`;
  if ((res.status === 400 || res.status === 404) && !(res.type === 'text/html' && /[\u4e00-\u9fff]/.test(res.text))) {
    return `${where}: ${res.status} without a Chinese page`;
  }
  return null;
}

/** The role an area's guard lets in, or null for the pages every role reaches (sign-in, files, account). */
const areaOf = (path: string) => /^\/(office|teacher|student)\//.exec(path)?.[1] ?? null;

async function probe(route: Route, role: string, a: Agent, token: string, batchId: number): Promise<Problem[]> {
  const problems: Problem[] = [];
  const send = async (what: string, build: () => Promise<Answer>) => {
    const problem = judge(route, role, what, await build());
    if (problem) problems.push(problem);
  };
  // Outside its own area a role meets the guard before anything is parsed: one request shows that.
  const inside = areaOf(route.path) === null || areaOf(route.path) === role;
  const paramValues = /:\w/.test(route.path) ? BAD_IDS.slice(0, inside ? undefined : 1) : ['1'];
  const bodies = inside ? variants(batchId) : variants(batchId).slice(0, 1);
  for (const [i, value] of paramValues.entries()) {
    const url = withParams(route.path, value);
    const fields = bodies[i % bodies.length];
    if (route.method === 'get') {
      await send(`${value}, ${fields.slice(0, 20)}…`, () => a.get(`${url}?${fields}`));
    } else {
      await send(`${value}, form`, () =>
        a.post(`${url}?${fields}`).set('x-csrf-token', token).type('form').send(fields),
      );
    }
  }
  // The remaining query and body shapes, with the params left as the first bad id.
  const url = withParams(route.path, BAD_IDS[0]);
  for (const fields of bodies.slice(paramValues.length)) {
    if (route.method === 'get') await send(fields.slice(0, 30), () => a.get(`${url}?${fields}`));
    else
      await send(fields.slice(0, 30), () =>
        a.post(`${url}?${fields}`).set('x-csrf-token', token).type('form').send(fields),
      );
  }
  if (route.method === 'post' && inside) {
    for (const [i, broken] of BROKEN_MULTIPART.entries()) {
      await send(`multipart ${i}`, () =>
        a.post(`${url}?batch=1`).set('x-csrf-token', token).set('Content-Type', broken.type).send(broken.body),
      );
    }
  }
  return problems;
}

describe('malformed input on every route (issue 13 item 10)', function () {
  this.timeout(300_000);

  it('answers every route, for every role, without a 500 and with a Chinese page for 400/404', async () => {
    const batch = await makeBatch();
    try {
      const teacher = await teacherAgent();
      // Two sessions per role, each taking every other route: on MySQL the time goes to waiting for
      // session writes, so two lanes halve it; within a session requests go one at a time.
      const lanes = async (role: string, signIn: () => Promise<Agent>, page: string) => {
        const agents = [await signIn(), await signIn()];
        return Promise.all(
          agents.map(async (a, lane): Promise<Lane> => ({ role, lane, agent: a, token: await csrfToken(a, page) })),
        );
      };
      const roles = (
        await Promise.all([
          lanes('anonymous', async () => agent(), '/login'),
          lanes('student', async () => (await studentAgent(teacher.department.id)).agent, '/student'),
          lanes('teacher', async () => (await teacherAgent(teacher.department.id)).agent, '/teacher/students'),
          lanes('office', async () => (await officeAgent()).agent, '/office/departments'),
        ])
      ).flat();
      const tempFiles = () =>
        fs
          .readdirSync(h().app.ctx.storage.tempDir(), { withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => e.name)
          .sort();
      const tempBefore = tempFiles();
      const routes = routeTable(h().app.app);
      expect(routes.length, 'the route table').to.be.greaterThan(80);
      const perRole = await Promise.all(
        roles.map(async ({ role, lane, agent: a, token }) => {
          const problems: Problem[] = [];
          // Signing out would end the session the later routes need; the anonymous visitor has none to lose.
          const mine = routes.filter((r, i) => i % 2 === lane && (role === 'anonymous' || r.path !== '/logout'));
          for (const route of mine) problems.push(...(await probe(route, role, a, token, batch.id)));
          return problems;
        }),
      );
      const problems = perRole.flat();
      expect(problems, problems.join('\n')).to.deep.equal([]);
      expect(tempFiles(), 'temp files left by cut-off uploads').to.deep.equal(tempBefore);
    } finally {
      await archive(batch);
    }
  });
});
