// Importing students from .xlsx in two steps: upload → row-by-row report → confirm.
import { Router, type Request, type Response } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { importStudents, MAX_IMPORT_ROWS, previewStudentImport } from '../../services/accounts/student-import.js';
import { COLUMNS } from '../../domain/student-import.js';
import { templateWorkbook } from '../../lib/excel.js';
import { actorOf } from '../middleware/auth.js';
import { flash, formAction } from '../middleware/flash.js';
import { singleFileUpload, type Upload } from '../middleware/upload.js';
import { heldReport, holdUpload, reportUrl, takeUpload } from '../pending-import.js';
import { text } from '../forms/fields.js';
import { fileNames, notices, template, titles } from '../messages/students.js';

const importPage = () => '/teacher/students/import';

export function teacherStudentImportRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const uploader = singleFileUpload(ctx.storage.tempDir(), ctx.config.uploadMaxBytes, ['.xlsx']);
  router.get('/students/import', showImport);
  router.get('/students/import/template', sendTemplate);
  router.post('/students/import', formAction(importPage, checkImport(ctx, uploader)));
  router.post('/students/import/confirm', formAction(importPage, confirmImport(ctx)));
  return router;
}

/** 导入学生: the upload form, or the report of the file waiting to be confirmed. */
async function showImport(req: Request, res: Response) {
  const held = await heldReport(req, 'students', (file) => previewStudentImport(actorOf(req), file));
  res.render('teacher/student-import', {
    title: held ? titles.studentImportChecked : titles.studentImport,
    report: null,
    ...held,
    maxRows: MAX_IMPORT_ROWS,
  });
}

/** 学生导入模板.xlsx */
async function sendTemplate(req: Request, res: Response) {
  const columns = COLUMNS.map((c) => ({
    header: c.header,
    width: c.field === 'idNumber' ? 22 : 16,
    text: c.field !== 'name',
  }));
  const buffer = await templateWorkbook(template.sheet, columns, template.instructions(MAX_IMPORT_ROWS));
  res.attachment(fileNames.studentTemplate).type('xlsx').send(buffer);
}

/** The upload step: the file is checked and held, its report shown on the import page. */
const checkImport = (ctx: ServiceContext, uploader: Upload) => async (req: Request, res: Response) => {
  const held = await holdUpload(ctx, req, res, uploader, 'students', (file) =>
    previewStudentImport(actorOf(req), file),
  );
  res.redirect(303, reportUrl('/teacher/students/import', held.token));
};

/** The confirm step: the held file is imported (all rows, or only the clean ones) and let go. */
const confirmImport = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const pending = takeUpload(ctx, req, 'students');
  const result = await importStudents(ctx, actorOf(req), pending.file, text(req.body, 'mode') === 'clean-only');
  await pending.release();
  flash(req, { notice: notices.imported(result) });
  res.redirect(303, '/teacher/students');
};
