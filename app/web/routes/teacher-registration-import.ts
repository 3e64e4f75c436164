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

async function catalogLines() {
  return (await listCatalog())
    .filter((i) => i.active)
    .map((i) => `${i.name}${i.levels ? `（级别：${format.levels(i.levels)}）` : ''}`);
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
      title: '导入报名：检查结果',
      batch,
      ...held,
      maxRows: MAX_ROWS,
      catalog: [],
    });
  res.render('registrations/import', {
    title: '导入报名',
    batch,
    report: null,
    maxRows: MAX_ROWS,
    catalog: await catalogLines(),
  });
}

/** 报名导入模板.xlsx, with the catalog's items as they must be written. */
async function sendTemplate(req: Request, res: Response) {
  const columns = COLUMNS.map((c) => ({ header: c.header, width: c.field === 'item' ? 34 : 20, text: true }));
  const instructions = [
    '1. 每行一项报名：同一学生报两个项目就写两行。学号和身份证号至少填一个（身份证号列为文本格式）。',
    '2. 报考项目写目录中的名称；等级认定项目的级别写 四级/三级（或 中级/高级、4/3），专项不填级别。',
    '3. 报等级认定的学生，如没有已获得的职业技能等级证书，在“已获证书”列写“无”。',
    `4. 一次最多 ${MAX_ROWS} 行。每人最多两个项目：等级认定和专项各一个，或两个专项。`,
    '',
    '目录中的项目：',
    ...(await catalogLines()),
  ];
  res
    .attachment('报名导入模板.xlsx')
    .type('xlsx')
    .send(await templateWorkbook('报名名单', columns, instructions));
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
  flash(req, {
    notice: `导入完成：${result.people} 人共 ${result.registered} 项报名${result.skipped ? `，跳过有问题的 ${result.skipped} 行` : ''}`,
  });
  res.redirect(303, `/teacher/registrations?batch=${idOrEmpty(req.body, 'batchId')}`);
};
