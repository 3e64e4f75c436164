// Importing the department's registrations from the campus system's export: upload → row-by-row
// report → confirm (all rows, or explicitly only the clean ones).
import { Router, type Request, type Response } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { listCatalog } from '../../services/season/catalog.js';
import {
  importRegistrations,
  MAX_ROWS,
  previewRegistrationImport,
} from '../../services/registration/registration-import.js';
import { COLUMNS } from '../../domain/registration-import.js';
import { format } from '../presenters/format.js';
import { templateWorkbook } from '../../lib/excel.js';
import { actorOf } from '../middleware/auth.js';
import { flash, formAction } from '../middleware/flash.js';
import { singleFileUpload, type Upload } from '../middleware/upload.js';
import { heldReport, holdUpload, reportUrl, takeUpload } from '../pending-import.js';
import { idField, idOrEmpty, text } from '../forms/fields.js';
import { pageBatch } from '../page-batch.js';
import { fileNames, notices, template, titles } from '../messages/registration.js';

async function catalogLines() {
  return (await listCatalog())
    .filter((i) => i.active)
    .map((i) => template.catalogItem(i.name, i.levels ? format.levels(i.levels) : null));
}

const importPage = (batchId: number | '') => `/teacher/registrations/import?batch=${batchId}`;
const uploadBack = (req: Request) => importPage(idOrEmpty(req.query, 'batch'));
const confirmBack = (req: Request) => importPage(idOrEmpty(req.body, 'batchId'));

export function teacherRegistrationImportRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const uploader = singleFileUpload(ctx.storage.tempDir(), ctx.config.uploadMaxBytes, ['.xlsx']);
  router.get('/registrations/import', showImport);
  router.get('/registrations/import/template', sendTemplate);
  router.post('/registrations/import', formAction(uploadBack, checkImport(ctx, uploader)));
  router.post('/registrations/import/confirm', formAction(confirmBack, confirmImport(ctx)));
  return router;
}

/** 导入报名: the upload form with the catalog's names, or the report of the file waiting to be confirmed. */
async function showImport(req: Request, res: Response) {
  const batch = await pageBatch(req);
  const held = await heldReport(req, 'registrations', (file) =>
    previewRegistrationImport(actorOf(req), batch.id, file),
  );
  if (held)
    return res.render('registrations/import', {
      title: titles.registrationImportChecked,
      batch,
      ...held,
      maxRows: MAX_ROWS,
      catalog: [],
    });
  res.render('registrations/import', {
    title: titles.registrationImport,
    batch,
    report: null,
    maxRows: MAX_ROWS,
    catalog: await catalogLines(),
  });
}

/** 报名导入模板.xlsx, with the catalog's items as they must be written. */
async function sendTemplate(req: Request, res: Response) {
  const columns = COLUMNS.map((c) => ({ header: c.header, width: c.field === 'item' ? 34 : 20, text: true }));
  const instructions = template.instructions(MAX_ROWS, await catalogLines());
  res
    .attachment(fileNames.registrationTemplate)
    .type('xlsx')
    .send(await templateWorkbook(template.sheet, columns, instructions));
}

/** The upload step: the file is checked and held, its report shown on the import page. */
const checkImport = (ctx: ServiceContext, uploader: Upload) => async (req: Request, res: Response) => {
  const held = await holdUpload(ctx, req, res, uploader, 'registrations', (file) =>
    previewRegistrationImport(actorOf(req), idField(req.query, 'batch'), file),
  );
  res.redirect(303, reportUrl(uploadBack(req), held.token));
};

/** The confirm step: the held file is imported (all rows, or only the clean ones) and let go. */
const confirmImport = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const pending = takeUpload(ctx, req, 'registrations');
  const result = await importRegistrations(
    ctx,
    actorOf(req),
    idField(req.body, 'batchId'),
    pending.file,
    text(req.body, 'mode') === 'clean-only',
  );
  await pending.release();
  flash(req, { notice: notices.imported(result.people, result.registered, result.skipped) });
  res.redirect(303, `/teacher/registrations?batch=${idOrEmpty(req.body, 'batchId')}`);
};
