// How a student gets from nothing to a signed-in session with a password of their own, ready for
// the register page. A flow is one function per way of signing in: today local passwords, with the
// new password chosen on the sign-in form itself (one-step) or on the forced /password page after
// it (two-step); campus sign-in (CAS/OIDC, a later issue) becomes one more entry in `flows`.
import { csrfTokenOf, formHtml, hiddenFields } from '../lib/http-client.js';
import type { RushStudent } from './seed.js';
import type { StudentRun } from './student-run.js';

export type FlowName = 'one-step' | 'two-step';
/** Which steps the student actually went through: a one-step request may be answered the old way. */
export type FlowUsed = FlowName;
export type SignInFlow = (run: StudentRun, student: RushStudent, newPassword: string) => Promise<FlowUsed>;

export const REGISTER_PAGE = '/student/register';
const LOGIN_PAGE = `/login?next=${encodeURIComponent(REGISTER_PAGE)}`;

/** The sign-in form's own hidden fields (the CSRF token, `next`) plus what the student types. */
async function postSignIn(run: StudentRun, typed: Record<string, string>) {
  const page = await run.get(LOGIN_PAGE);
  const form = formHtml(page.text, '/login');
  run.expect(page, page.status === 200 && form !== null, 'the sign-in page');
  return run.post('/login', { ...Object.fromEntries(hiddenFields(form!)), ...typed });
}

/** The forced change on /password, as today's app asks for it after the first sign-in. */
async function changeInitialPassword(run: StudentRun, student: RushStudent, newPassword: string): Promise<void> {
  await run.timed('password', async () => {
    const page = await run.get('/password');
    const token = csrfTokenOf(page.text, '/password');
    run.expect(page, page.status === 200 && token !== null, 'the password form');
    const done = await run.post('/password', {
      _csrf: token!,
      current: student.password,
      next: newPassword,
      confirm: newPassword,
    });
    run.expect(done, done.status === 303 && done.location === '/', '303 to / (password changed)');
  });
}

const twoStep: SignInFlow = async (run, student, newPassword) => {
  await run.timed('signIn', async () => {
    const answer = await postSignIn(run, { username: student.username, password: student.password });
    run.expect(answer, answer.status === 303 && answer.location === '/password', '303 to /password (first sign-in)');
  });
  await changeInitialPassword(run, student, newPassword);
  return 'two-step';
};

/**
 * The new password goes with the sign-in (`newPassword`, `confirmPassword`) and the answer leads
 * straight to `next`. A server that does not know these fields yet sends the student to /password
 * as before: then the two-step change follows, and the caller counts the fallback.
 */
const oneStep: SignInFlow = async (run, student, newPassword) => {
  const answer = await run.timed('signIn', async () => {
    const reply = await postSignIn(run, {
      username: student.username,
      password: student.password,
      newPassword,
      confirmPassword: newPassword,
    });
    const known = reply.status === 303 && (reply.location === REGISTER_PAGE || reply.location === '/password');
    run.expect(reply, known, `303 to ${REGISTER_PAGE} (or /password on a server without the one-step form)`);
    return reply;
  });
  if (answer.location === REGISTER_PAGE) return 'one-step';
  await changeInitialPassword(run, student, newPassword);
  return 'two-step';
};

export const flows: Record<FlowName, SignInFlow> = { 'one-step': oneStep, 'two-step': twoStep };

export function isFlowName(value: string): value is FlowName {
  return Object.hasOwn(flows, value);
}
