// The department's money screen (收费与上交): the fee sheet by class, ticking paid, refunds,
// corrections, transfers to the office, the sheet as .xlsx, importing payments from .xlsx.
// Every form carries a one-time key.
import { Router, type Request, type Response } from 'express';
import { importFees, previewFeeImport } from '../../services/fees/fee-import.js';
import { COLUMNS as FEE_COLUMNS } from '../../domain/fee-import.js';
import { formatYuan } from '../../domain/money.js';
import { templateWorkbook } from '../../lib/excel.js';
import { receiveOptionalFile, singleFileUpload, thenRemove, type Upload } from '../middleware/upload.js';
import { heldReport, holdUpload, reportUrl, takeUpload } from '../pending-import.js';
import type { ServiceContext } from '../../services/context.js';
import { getDepartment } from '../../services/accounts/departments.js';
import { newFormKey } from '../../services/fees/fee-records.js';
import { recordCollection, recordRefund, reverseEntry } from '../../services/fees/fee-collections.js';
import { recordTransfer } from '../../services/fees/fee-transfers.js';
import { departmentFeeSheet } from '../../services/fees/fee-reports.js';
import { writeDepartmentFees } from '../../services/fees/fee-exports.js';
import { effectiveDeadlineFor } from '../../services/season/extensions.js';
import { actorOf } from '../middleware/auth.js';
import { flash, formAction } from '../middleware/flash.js';
import { idField, idList, idOrEmpty, idParam, text } from '../forms/fields.js';
import { FILTER_OPTIONS, listQuery, listUrl, listViewFrom } from '../forms/fee-list.js';
import { pageBatch } from '../page-batch.js';
import { done, reverseFeeTransfer, sendReceipt, streamXlsx, yuan } from './fee-helpers.js';
import { fileNames, notices, template, titles } from '../messages/fees.js';

const sheetOf = (batchId: number | '') => `/teacher/fees?batch=${batchId}`;
const backToSheet = (req: Request) => sheetOf(idOrEmpty(req.body, 'batchId'));
const transferBack = (req: Request) => sheetOf(idOrEmpty(req.query, 'batch'));
// The forms of the sheet carry its class, filter and page, so the teacher comes back to that page.
const sameSlice = (req: Request) => listUrl('/teacher/fees', idOrEmpty(req.body, 'batchId'), listViewFrom(req.body));
const importBack = (req: Request) =>
  `/teacher/fees/import?batch=${idOrEmpty(req.query, 'batch') || idOrEmpty(req.body, 'batchId')}`;

export function teacherFeeRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const { uploadMaxBytes } = ctx.config;
  const receipts = singleFileUpload(ctx.storage.tempDir(), uploadMaxBytes, ['.jpg', '.jpeg', '.png', '.pdf']);
  const uploader = singleFileUpload(ctx.storage.tempDir(), uploadMaxBytes, ['.xlsx']);
  router.get('/fees', showFeeSheet);
  router.post('/fees/collect', formAction(sameSlice, collectFees(ctx)));
  router.post('/fees/refund', formAction(sameSlice, refundFee(ctx)));
  router.post('/fees/entries/:id/reverse', formAction(sameSlice, reverseFeeEntry(ctx)));
  router.post('/fees/transfers', formAction(transferBack, recordFeeTransfer(ctx, receipts)));
  router.get('/fees/export', exportFeeSheet);
  router.get('/fees/transfers/:id/receipt', sendReceipt(ctx));
  router.post('/fees/transfers/:id/reverse', formAction(backToSheet, reverseFeeTransfer(ctx, backToSheet)));
  router.get('/fees/import', showFeeImport);
  router.get('/fees/import/template', sendFeeImportTemplate);
  router.post('/fees/import', formAction(importBack, checkFeeImport(ctx, uploader)));
  router.post('/fees/import/confirm', formAction(importBack, confirmFeeImport(ctx)));
  return router;
}

/** 收费与上交: one slice (class, filter, page) of the department's fee sheet. */
async function showFeeSheet(req: Request, res: Response) {
  const actor = actorOf(req);
  const batch = await pageBatch(req);
  const view = listViewFrom(req.query);
  const sheet = await departmentFeeSheet(batch.id, actor.departmentId!, view);
  res.render('fees/teacher', {
    title: titles.feeSheet,
    batch,
    key: newFormKey(),
    ...sheet,
    view: { ...view, page: sheet.page },
    query: listQuery(batch.id, view),
    filters: FILTER_OPTIONS,
    dueAt: await effectiveDeadlineFor(batch, actor.departmentId!, 'feesDueAt'),
  });
}

/** 收费: the ticked candidates have paid. */
const collectFees = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const result = await recordCollection(ctx, actorOf(req), {
    batchId: idField(req.body, 'batchId'),
    registrationIds: idList(req.body, 'registrationIds'),
    key: text(req.body, 'key'),
    amountFen: yuan(text(req.body, 'amount')),
    reason: text(req.body, 'reason'),
  });
  flash(req, { notice: done(notices.collected(result.recorded), result) });
  res.redirect(303, sameSlice(req));
};

/** 退费 */
const refundFee = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const result = await recordRefund(ctx, actorOf(req), {
    registrationId: idField(req.body, 'registrationId'),
    key: text(req.body, 'key'),
    reason: text(req.body, 'reason'),
  });
  flash(req, { notice: done(notices.refunded, result) });
  res.redirect(303, sameSlice(req));
};

/** 冲正: a wrong entry is cancelled by a counter-entry, the original stays on record. */
const reverseFeeEntry = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const result = await reverseEntry(ctx, actorOf(req), {
    entryId: idParam(req.params.id),
    key: text(req.body, 'key'),
    reason: text(req.body, 'reason'),
  });
  flash(req, { notice: done(notices.entryReversed, result) });
  res.redirect(303, sameSlice(req));
};

/** 上交: money handed to the office, with the receipt scan if there is one. */
const recordFeeTransfer = (ctx: ServiceContext, receipts: Upload) => async (req: Request, res: Response) => {
  const scan = await receiveOptionalFile(receipts, ctx.config.uploadMaxBytes, req, res);
  const result = await thenRemove([scan], () =>
    recordTransfer(ctx, actorOf(req), {
      batchId: idField(req.body, 'batchId'),
      amountFen: yuan(text(req.body, 'amount')),
      transferredOn: text(req.body, 'transferredOn'),
      voucherNo: text(req.body, 'voucherNo'),
      key: text(req.body, 'key'),
      receipt: scan,
    }),
  );
  flash(req, { notice: done(notices.transferred, result) });
  res.redirect(303, backToSheet(req));
};

/** A file name Windows accepts: no \ / : * ? " < > | or spaces from a department or batch name. */
const fileSafe = (part: string) => part.replace(/[\\/:*?"<>|\s]+/g, '_');

/** 收费明细.xlsx: the department's sheet as a workbook. */
async function exportFeeSheet(req: Request, res: Response) {
  const batch = await pageBatch(req);
  const department = await getDepartment(actorOf(req).departmentId!);
  // Named so the office can tell the departments' files apart in one folder.
  const name = fileNames.departmentFees(fileSafe(department.name), fileSafe(batch.name));
  await writeDepartmentFees(streamXlsx(res, name), batch.id, department.id);
}

/** 导入收费: the upload form, or the report of the file waiting to be confirmed. */
async function showFeeImport(req: Request, res: Response) {
  const batch = await pageBatch(req);
  const held = await heldReport(req, 'fees', (file) => previewFeeImport(actorOf(req), batch.id, file));
  res.render('fees/import', { title: held ? titles.feeImportChecked : titles.feeImport, batch, report: null, ...held });
}

/** 收费导入模板.xlsx */
async function sendFeeImportTemplate(req: Request, res: Response) {
  const columns = FEE_COLUMNS.map((c) => ({
    header: c.header,
    width: c.field === 'reason' ? 30 : 20,
    text: c.field !== 'amount',
  }));
  const workbook = await templateWorkbook(template.sheet, columns, template.instructions);
  // res.attachment writes filename*=UTF-8''… (RFC 5987) beside an ASCII fallback.
  res.attachment(fileNames.feeTemplate).type('xlsx').send(workbook);
}

/** The upload step: the file is checked and held, its report shown on the import page. */
const checkFeeImport = (ctx: ServiceContext, uploader: Upload) => async (req: Request, res: Response) => {
  const held = await holdUpload(ctx, req, res, uploader, 'fees', (file) =>
    previewFeeImport(actorOf(req), idField(req.query, 'batch'), file),
  );
  res.redirect(303, reportUrl(importBack(req), held.token));
};

/** The confirm step: the held file is imported (all rows, or only the clean ones) and let go. */
const confirmFeeImport = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const pending = takeUpload(ctx, req, 'fees');
  const result = await importFees(
    ctx,
    actorOf(req),
    idField(req.body, 'batchId'),
    pending.file,
    text(req.body, 'token'),
    text(req.body, 'mode') === 'clean-only',
  );
  await pending.release();
  flash(req, { notice: notices.imported(result.people, formatYuan(result.totalFen), result.skipped) });
  res.redirect(303, backToSheet(req));
};
