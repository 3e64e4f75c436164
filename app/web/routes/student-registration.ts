// The student's side of registration: what is open, choose one or two, confirm the total, see the
// progress of each item, cancel while the window is open, declare certificates already held.
import { Router, type Request, type Response } from 'express';
import { ingestStudentFiles } from '../../services/packages/packages.js';
import { ownCurrentPackage } from '../../services/packages/package-queries.js';
import { effectiveDeadlineFor } from '../../services/season/extensions.js';
import { receiveFiles, studentMaterialsUpload, thenRemove } from '../middleware/upload.js';
import type { ServiceContext } from '../../services/context.js';
import { addHeld, declaredHeldNone, listHeld, withdrawHeld } from '../../services/registration/held-certificates.js';
import { cancelSelf, previewSelf, registerSelf } from '../../services/registration/self-registration.js';
import { setOwnEmail } from '../../services/accounts/students.js';
import { registrationChoicesPage, studentHomePage } from '../../services/registration/student-home.js';
import { DEADLINES } from '../../domain/timeline.js';
import { OPERATION_CERTIFICATES } from '../../domain/mutual-recognition.js';
import { LEVELS } from '../../domain/levels.js';
import { formatYuan } from '../../domain/money.js';
import { actorOf, ownStudentOf } from '../middleware/auth.js';
import { flash, formAction } from '../middleware/flash.js';
import { checkbox, idField, idParam, int, text } from '../forms/fields.js';
import { choiceFields, returnedChoices, selfChoices } from '../forms/registration-form.js';
import { studentBatch } from '../page-batch.js';
import { LEVEL_NAMES } from '../../domain/labels.js';
import { notices, titles } from '../messages/registration.js';

const heldNoneFrom = (req: Request, studentId: number) => declaredHeldNone(studentId, checkbox(req.body, 'heldNone'));

// Where each form goes back to, with its message, when a rule refuses it.
const homePage = () => '/student';
const registerPage = () => '/student/register';
const materialsPage = () => '/student/materials';
const certificatesPage = () => '/student/certificates';

export function studentRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const materialsUploader = studentMaterialsUpload(ctx.storage.tempDir(), ctx.config.uploadMaxBytes);
  router.post('/email', formAction(homePage, saveEmail(ctx)));
  router.get('/', showStudentHome(ctx));
  router.get('/register', showChoices(ctx));
  router.post('/register/preview', formAction(registerPage, confirmChoices(ctx)));
  router.post('/register', formAction(registerPage, registerChoices(ctx)));
  router.post('/registrations/:id/cancel', formAction(homePage, cancelRegistration(ctx)));
  router.get('/materials', showMaterials);
  router.post('/materials', formAction(materialsPage, submitMaterials(ctx, materialsUploader)));
  router.get('/certificates', showCertificates);
  router.post('/certificates', formAction(certificatesPage, declareCertificate(ctx)));
  router.post('/certificates/:id/withdraw', withdrawCertificate(ctx));
  return router;
}

/** The address the student's notifications go to. */
const saveEmail = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const email = await setOwnEmail(ctx, actorOf(req), text(req.body, 'email'));
  flash(req, { notice: email ? notices.emailSet(email) : notices.emailCleared });
  res.redirect(303, '/student');
};

/** 我的报考: the window, the student's registrations and what is still to do. */
const showStudentHome = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const page = await studentHomePage(ctx, ownStudentOf(req));
  res.render('student/home', { title: titles.studentHome, student: ownStudentOf(req), deadlines: DEADLINES, ...page });
};

/** 选择报考项目: what is on offer to this student, beside what they already chose. */
const showChoices = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const batch = await studentBatch(req);
  const page = await registrationChoicesPage(ctx, ownStudentOf(req), batch);
  // 返回修改 on the confirmation page comes back with the choices in the query string.
  res.render('student/register', { title: titles.choices, batch, ...page, returned: returnedChoices(req.query) });
};

/** 确认报名: the lines and the total of the choices, before anything is saved. */
const confirmChoices = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const student = ownStudentOf(req);
  const choices = selfChoices(req.body);
  const { lines, totalFen } = await previewSelf(
    ctx,
    actorOf(req),
    idField(req.body, 'batchId'),
    choices,
    await heldNoneFrom(req, student.id),
  );
  res.render('student/confirm', {
    title: titles.confirmChoices,
    lines,
    totalFen,
    batchId: idField(req.body, 'batchId'),
    fields: choiceFields(choices),
    heldNone: checkbox(req.body, 'heldNone'),
  });
};

const registerChoices = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const student = ownStudentOf(req);
  const created = await registerSelf(
    ctx,
    actorOf(req),
    idField(req.body, 'batchId'),
    selfChoices(req.body),
    await heldNoneFrom(req, student.id),
  );
  const total = created.reduce((sum, r) => sum + r.feeFen, 0);
  const materialsDue = created.some((r) => r.kind === 'grade');
  flash(req, { notice: notices.registered(created.length, formatYuan(total), materialsDue) });
  res.redirect(303, '/student');
};

const cancelRegistration = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const { refundDueFen } = await cancelSelf(ctx, actorOf(req), idParam(req.params.id));
  flash(req, { notice: refundDueFen ? notices.cancelledWithRefund(formatYuan(refundDueFen)) : notices.cancelled });
  res.redirect(303, '/student');
};

/** 提交材料: the student's own ID card and education files, and what was handed in so far. */
async function showMaterials(req: Request, res: Response) {
  const student = ownStudentOf(req);
  const batch = await studentBatch(req);
  const current = await ownCurrentPackage(batch.id, student.id);
  res.render('student/materials', {
    title: titles.materials,
    batch,
    student,
    current,
    dueAt: await effectiveDeadlineFor(batch, student.departmentId, 'materialsDueAt'),
  });
}

const submitMaterials =
  (ctx: ServiceContext, uploader: ReturnType<typeof studentMaterialsUpload>) => async (req: Request, res: Response) => {
    const files = await receiveFiles(uploader, ctx.config.uploadMaxBytes, req, res);
    await thenRemove(files, async () => {
      const byField = (name: string) => files.find((f) => f.fieldname === name)?.path ?? null;
      await ingestStudentFiles(
        ctx,
        actorOf(req),
        idField(req.body, 'batchId'),
        byField('idCard'),
        byField('education'),
      );
    });
    flash(req, { notice: notices.materialsSaved });
    res.redirect(303, '/student/materials');
  };

/** 已获证书: what the student declared, and the form to declare another. */
async function showCertificates(req: Request, res: Response) {
  const student = ownStudentOf(req);
  res.render('student/certificates', {
    title: titles.certificates,
    held: await listHeld(student.id),
    operations: OPERATION_CERTIFICATES,
    levels: LEVELS.map((l) => ({ level: l, name: LEVEL_NAMES[l] })),
  });
}

/** The certificate the form describes: an operation certificate, or a skill level in an occupation. */
function certificateInput(req: Request) {
  return text(req.body, 'type') === 'operation'
    ? {
        type: 'operation' as const,
        operationCode: text(req.body, 'operationCode'),
        number: text(req.body, 'number'),
      }
    : {
        type: 'skill' as const,
        occupation: text(req.body, 'occupation'),
        level: int(req.body, 'level'),
        number: text(req.body, 'number'),
      };
}

const declareCertificate = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const student = ownStudentOf(req);
  await addHeld(ctx, actorOf(req), student.id, certificateInput(req));
  flash(req, { notice: notices.certificateDeclared });
  res.redirect(303, '/student/certificates');
};

const withdrawCertificate = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  await withdrawHeld(ctx, actorOf(req), idParam(req.params.id));
  flash(req, { notice: notices.certificateWithdrawn });
  res.redirect(303, '/student/certificates');
};
