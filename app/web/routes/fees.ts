// Money screens. Teacher: the department's fee sheet by class, ticking paid, refunds, corrections,
// transfers to the office, the sheet as .xlsx. Office: reconciliation by department (the rows
// behind any difference one click away) and by kind/level, confirming transfers, remittances,
// per-head exam fees, the reconciliation workbook. Every form carries a one-time key.
import { Router, type Request, type Response } from 'express';
import { importFees, previewFeeImport } from '../../services/fee-import.js';
import { COLUMNS as FEE_COLUMNS } from '../../domain/fee-import.js';
import { formatYuan } from '../../domain/money.js';
import { templateWorkbook } from '../../lib/excel.js';
import { receiveOptionalFile, singleFileUpload, thenRemove } from '../middleware/upload.js';
import { receiptFile } from '../../services/fee-receipts.js';
import { heldReport, holdUpload, reportUrl, takeUpload } from '../pending-import.js';
import type { ServiceContext } from '../../services/context.js';
import { getDepartment } from '../../services/departments.js';
import { recordCollection, recordRefund, reverseEntry } from '../../services/fee-collections.js';
import { newFormKey, type Recorded } from '../../services/fee-records.js';
import {
  confirmTransfer,
  recordRemittance,
  recordTransfer,
  reverseRemittance,
  reverseTransfer,
  setExamFeeRates,
} from '../../services/fee-transfers.js';
import { departmentDetail, departmentFeeSheet, reconciliation } from '../../services/fee-reports.js';
import { writeDepartmentFees, writeReconciliation } from '../../services/fee-exports.js';
import { effectiveDeadlineFor } from '../../services/extensions.js';
import { invalid } from '../../domain/errors.js';
import { PAYEE_NAMES, PAYEES, type UpwardPayee } from '../../domain/ledger.js';
import { parseYuan } from '../../domain/money.js';
import { actorOf } from '../middleware/auth.js';
import { flash, formAction } from '../middleware/flash.js';
import { idField, idList, idOrEmpty, idParam, page, text } from '../forms/fields.js';
import { FILTER_OPTIONS, listQuery, listUrl, listViewFrom } from '../forms/fee-list.js';
import { pageBatch } from '../page-batch.js';

const yuan = (raw: string) => (raw ? parseYuan(raw) : null);
const done = (what: string, r: Recorded) =>
  r.duplicate ? '这张表单已经提交过了（可能是重复点击），没有重复记账' : what;

async function sendReceipt(ctx: ServiceContext, req: Request, res: Response) {
  const { file, type } = await receiptFile(ctx, actorOf(req), idParam(req.params.id));
  res.set({ 'Content-Type': type, 'Cache-Control': 'private, no-store' });
  res.sendFile(file);
}

// res.attachment writes filename*=UTF-8''… (RFC 5987) beside an ASCII fallback.
async function sendXlsx(res: Response, name: string, buffer: Buffer) {
  res.attachment(name).type('xlsx').send(buffer);
}

/** Headers for a workbook that is written into the response as it is read from the database. */
function streamXlsx(res: Response, name: string): Response {
  return res.attachment(name).type('xlsx').set('Cache-Control', 'private, no-store');
}

/** A file name Windows accepts: no \ / : * ? " < > | or spaces from a department or batch name. */
const fileSafe = (part: string) => part.replace(/[\\/:*?"<>|\s]+/g, '_');

export function teacherFeeRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const back = (batchId: number | '') => `/teacher/fees?batch=${batchId}`;
  // The forms of the sheet carry its class, filter and page, so the teacher comes back to that page.
  const sameSlice = (req: Request) => listUrl('/teacher/fees', idOrEmpty(req.body, 'batchId'), listViewFrom(req.body));

  router.get('/fees', async (req, res) => {
    const actor = actorOf(req);
    const batch = await pageBatch(req);
    const view = listViewFrom(req.query);
    const sheet = await departmentFeeSheet(batch.id, actor.departmentId!, view);
    res.render('fees/teacher', {
      title: '收费与上交',
      batch,
      key: newFormKey(),
      ...sheet,
      view: { ...view, page: sheet.page },
      query: listQuery(batch.id, view),
      filters: FILTER_OPTIONS,
      dueAt: await effectiveDeadlineFor(batch, actor.departmentId!, 'feesDueAt'),
    });
  });

  router.post(
    '/fees/collect',
    formAction(sameSlice, async (req, res) => {
      const result = await recordCollection(ctx, actorOf(req), {
        batchId: idField(req.body, 'batchId'),
        registrationIds: idList(req.body, 'registrationIds'),
        key: text(req.body, 'key'),
        amountFen: yuan(text(req.body, 'amount')),
        reason: text(req.body, 'reason'),
      });
      flash(req, { notice: done(`已记录 ${result.recorded} 项收费`, result) });
      res.redirect(303, sameSlice(req));
    }),
  );

  router.post(
    '/fees/refund',
    formAction(sameSlice, async (req, res) => {
      const result = await recordRefund(ctx, actorOf(req), {
        registrationId: idField(req.body, 'registrationId'),
        key: text(req.body, 'key'),
        reason: text(req.body, 'reason'),
      });
      flash(req, { notice: done('已记录退费', result) });
      res.redirect(303, sameSlice(req));
    }),
  );

  router.post(
    '/fees/entries/:id/reverse',
    formAction(sameSlice, async (req, res) => {
      const result = await reverseEntry(ctx, actorOf(req), {
        entryId: idParam(req.params.id),
        key: text(req.body, 'key'),
        reason: text(req.body, 'reason'),
      });
      flash(req, { notice: done('已冲正这条记录（原记录保留）', result) });
      res.redirect(303, sameSlice(req));
    }),
  );

  const receipts = singleFileUpload(ctx.storage.tempDir(), ctx.config.uploadMaxBytes, [
    '.jpg',
    '.jpeg',
    '.png',
    '.pdf',
  ]);

  router.post(
    '/fees/transfers',
    formAction(
      (req) => back(idOrEmpty(req.query, 'batch')),
      async (req, res) => {
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
        flash(req, { notice: done('已记录上交，等待继续教育学院确认收款', result) });
        res.redirect(303, back(idOrEmpty(req.body, 'batchId')));
      },
    ),
  );

  router.get('/fees/export', async (req, res) => {
    const batch = await pageBatch(req);
    const department = await getDepartment(actorOf(req).departmentId!);
    // Named so the office can tell the departments' files apart in one folder.
    const name = `${fileSafe(department.name)}_${fileSafe(batch.name)}_收费明细.xlsx`;
    await writeDepartmentFees(streamXlsx(res, name), batch.id, department.id);
  });

  const uploader = singleFileUpload(ctx.storage.tempDir(), ctx.config.uploadMaxBytes, ['.xlsx']);
  const importBack = (req: Request) =>
    `/teacher/fees/import?batch=${idOrEmpty(req.query, 'batch') || idOrEmpty(req.body, 'batchId')}`;

  router.get('/fees/transfers/:id/receipt', async (req, res) => sendReceipt(ctx, req, res));

  router.post(
    '/fees/transfers/:id/reverse',
    formAction(
      (req) => back(idOrEmpty(req.body, 'batchId')),
      async (req, res) => {
        const result = await reverseTransfer(ctx, actorOf(req), {
          transferId: idParam(req.params.id),
          key: text(req.body, 'key'),
          reason: text(req.body, 'reason'),
        });
        flash(req, { notice: done('已冲正这笔上交（原记录保留）', result) });
        res.redirect(303, back(idOrEmpty(req.body, 'batchId')));
      },
    ),
  );

  router.get('/fees/import', async (req, res) => {
    const batch = await pageBatch(req);
    const held = await heldReport(req, 'fees', (file) => previewFeeImport(actorOf(req), batch.id, file));
    res.render('fees/import', { title: held ? '导入收费：检查结果' : '导入收费', batch, report: null, ...held });
  });

  router.get('/fees/import/template', async (req, res) => {
    const columns = FEE_COLUMNS.map((c) => ({
      header: c.header,
      width: c.field === 'reason' ? 30 : 20,
      text: c.field !== 'amount',
    }));
    const instructions = [
      '1. 每行一名考生，金额写该生本批次所有项目的合计（元），例如 520。',
      '2. 学号和身份证号至少填一个；身份证号列为文本格式。',
      '3. 金额与待缴不一致时（减免、分次缴费），在“原因”列说明。',
    ];
    await sendXlsx(res, '收费导入模板.xlsx', await templateWorkbook('收费名单', columns, instructions));
  });

  router.post(
    '/fees/import',
    formAction(importBack, async (req, res) => {
      const held = await holdUpload(ctx, req, res, uploader, 'fees', (file) =>
        previewFeeImport(actorOf(req), idField(req.query, 'batch'), file),
      );
      res.redirect(303, reportUrl(importBack(req), held.token));
    }),
  );

  router.post(
    '/fees/import/confirm',
    formAction(importBack, async (req, res) => {
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
      flash(req, {
        notice: `导入完成：${result.people} 人共 ${formatYuan(result.totalFen)} 元${result.skipped ? `，跳过有问题的 ${result.skipped} 行` : ''}`,
      });
      res.redirect(303, back(idOrEmpty(req.body, 'batchId')));
    }),
  );

  return router;
}

export function officeFeeRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const back = (batchId: number | '') => `/office/fees?batch=${batchId}`;

  router.get('/fees', async (req, res) => {
    const batch = await pageBatch(req);
    res.render('fees/office', {
      title: '收费对账',
      batch,
      key: newFormKey(),
      payees: PAYEES,
      payeeNames: PAYEE_NAMES,
      ...(await reconciliation(batch.id)),
    });
  });

  router.get('/fees/transfers/:id/receipt', async (req, res) => sendReceipt(ctx, req, res));

  router.get('/fees/departments/:id', async (req, res) => {
    const batch = await pageBatch(req);
    const department = await getDepartment(idParam(req.params.id));
    const view = listViewFrom(req.query);
    const detail = await departmentDetail(batch.id, department.id, {
      ...view,
      offPage: page({ page: req.query.offPage }),
    });
    res.render('fees/office-department', {
      title: `收费明细：${department.name}`,
      batch,
      department,
      ...detail,
      view,
      query: listQuery(batch.id, view),
      filters: FILTER_OPTIONS,
      base: `/office/fees/departments/${department.id}`,
    });
  });

  router.post(
    '/fees/transfers/:id/confirm',
    formAction(
      (req) => back(idOrEmpty(req.body, 'batchId')),
      async (req, res) => {
        await confirmTransfer(ctx, actorOf(req), idParam(req.params.id));
        flash(req, { notice: '已确认收到这笔上交' });
        res.redirect(303, back(idOrEmpty(req.body, 'batchId')));
      },
    ),
  );

  router.post(
    '/fees/remittances',
    formAction(
      (req) => back(idOrEmpty(req.body, 'batchId')),
      async (req, res) => {
        const result = await recordRemittance(ctx, actorOf(req), {
          batchId: idField(req.body, 'batchId'),
          payee: text(req.body, 'payee'),
          amountFen: yuan(text(req.body, 'amount')),
          paidOn: text(req.body, 'paidOn'),
          reference: text(req.body, 'reference'),
          key: text(req.body, 'key'),
        });
        flash(req, { notice: done('已记录上缴', result) });
        res.redirect(303, back(idOrEmpty(req.body, 'batchId')));
      },
    ),
  );

  router.post(
    '/fees/transfers/:id/reverse',
    formAction(
      (req) => back(idOrEmpty(req.body, 'batchId')),
      async (req, res) => {
        const result = await reverseTransfer(ctx, actorOf(req), {
          transferId: idParam(req.params.id),
          key: text(req.body, 'key'),
          reason: text(req.body, 'reason'),
        });
        flash(req, { notice: done('已冲正这笔上交（原记录保留）', result) });
        res.redirect(303, back(idOrEmpty(req.body, 'batchId')));
      },
    ),
  );

  router.post(
    '/fees/remittances/:id/reverse',
    formAction(
      (req) => back(idOrEmpty(req.body, 'batchId')),
      async (req, res) => {
        const result = await reverseRemittance(ctx, actorOf(req), {
          remittanceId: idParam(req.params.id),
          key: text(req.body, 'key'),
          reason: text(req.body, 'reason'),
        });
        flash(req, { notice: done('已冲正这笔上缴（原记录保留）', result) });
        res.redirect(303, back(idOrEmpty(req.body, 'batchId')));
      },
    ),
  );

  router.post(
    '/fees/rates',
    formAction(
      (req) => back(idOrEmpty(req.body, 'batchId')),
      async (req, res) => {
        const rate = (payee: string, kind: string) => {
          const raw = text(req.body, `${payee}_${kind}`);
          const fen = raw ? parseYuan(raw) : null;
          if (raw && fen === null) throw invalid('考务费应为金额（元，最多两位小数），不收请留空');
          return fen;
        };
        const rates = Object.fromEntries(
          PAYEES.map((p) => [p, { grade: rate(p, 'grade'), special: rate(p, 'special') }]),
        ) as Record<UpwardPayee, { grade: number | null; special: number | null }>;
        await setExamFeeRates(ctx, actorOf(req), idField(req.body, 'batchId'), rates);
        flash(req, { notice: '考务费标准已保存' });
        res.redirect(303, back(idOrEmpty(req.body, 'batchId')));
      },
    ),
  );

  router.get('/fees/export', async (req, res) => {
    const batch = await pageBatch(req);
    await writeReconciliation(streamXlsx(res, `收费对账-${batch.name}.xlsx`), batch.id);
  });

  return router;
}
