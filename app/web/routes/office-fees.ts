// The office's money screen (收费对账): reconciliation by department (the rows behind any
// difference one click away) and by kind/level, confirming transfers, remittances, per-head exam
// fees, the reconciliation workbook. Every form carries a one-time key.
import { Router, type Request, type Response } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { getDepartment } from '../../services/accounts/departments.js';
import { newFormKey } from '../../services/fees/fee-records.js';
import {
  confirmTransfer,
  recordRemittance,
  reverseRemittance,
  setExamFeeRates,
} from '../../services/fees/fee-transfers.js';
import { departmentDetail, reconciliation } from '../../services/fees/fee-reports.js';
import { writeReconciliation } from '../../services/fees/fee-exports.js';
import { invalid } from '../../domain/errors.js';
import { PAYEE_NAMES, PAYEES, type UpwardPayee } from '../../domain/ledger.js';
import { parseYuan } from '../../domain/money.js';
import { actorOf } from '../middleware/auth.js';
import { flash, formAction } from '../middleware/flash.js';
import { idField, idOrEmpty, idParam, page, text } from '../forms/fields.js';
import { FILTER_OPTIONS, listQuery, listViewFrom } from '../forms/fee-list.js';
import { pageBatch } from '../page-batch.js';
import { done, reverseFeeTransfer, sendReceipt, streamXlsx, yuan } from './fee-helpers.js';
import { fileNames, notices, refusals, titles } from '../messages/fees.js';

const back = (req: Request) => `/office/fees?batch=${idOrEmpty(req.body, 'batchId')}`;

export function officeFeeRoutes(ctx: ServiceContext): Router {
  const router = Router();
  router.get('/fees', showReconciliation);
  router.get('/fees/transfers/:id/receipt', sendReceipt(ctx));
  router.get('/fees/departments/:id', showDepartmentFees);
  router.post('/fees/transfers/:id/confirm', formAction(back, confirmFeeTransfer(ctx)));
  router.post('/fees/remittances', formAction(back, recordFeeRemittance(ctx)));
  router.post('/fees/transfers/:id/reverse', formAction(back, reverseFeeTransfer(ctx, back)));
  router.post('/fees/remittances/:id/reverse', formAction(back, reverseFeeRemittance(ctx)));
  router.post('/fees/rates', formAction(back, saveExamFeeRates(ctx)));
  router.get('/fees/export', exportReconciliation);
  return router;
}

/** 收费对账: every department's money for the batch, transfers to confirm, remittances. */
async function showReconciliation(req: Request, res: Response) {
  const batch = await pageBatch(req);
  res.render('fees/office', {
    title: titles.reconciliation,
    batch,
    key: newFormKey(),
    payees: PAYEES,
    payeeNames: PAYEE_NAMES,
    ...(await reconciliation(batch.id)),
  });
}

/** 收费明细: the rows behind one department's figures in the reconciliation. */
async function showDepartmentFees(req: Request, res: Response) {
  const batch = await pageBatch(req);
  const department = await getDepartment(idParam(req.params.id));
  const view = listViewFrom(req.query);
  const detail = await departmentDetail(batch.id, department.id, {
    ...view,
    offPage: page({ page: req.query.offPage }),
  });
  res.render('fees/office-department', {
    title: titles.departmentFees(department.name),
    batch,
    department,
    ...detail,
    view,
    query: listQuery(batch.id, view),
    filters: FILTER_OPTIONS,
    base: `/office/fees/departments/${department.id}`,
  });
}

/** 确认收款: the office has the money a department transferred. */
const confirmFeeTransfer = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  await confirmTransfer(ctx, actorOf(req), idParam(req.params.id));
  flash(req, { notice: notices.transferConfirmed });
  res.redirect(303, back(req));
};

/** 上缴: money the office paid on to a payee. */
const recordFeeRemittance = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const result = await recordRemittance(ctx, actorOf(req), {
    batchId: idField(req.body, 'batchId'),
    payee: text(req.body, 'payee'),
    amountFen: yuan(text(req.body, 'amount')),
    paidOn: text(req.body, 'paidOn'),
    reference: text(req.body, 'reference'),
    key: text(req.body, 'key'),
  });
  flash(req, { notice: done(notices.remitted, result) });
  res.redirect(303, back(req));
};

/** 冲正上缴: a remittance is cancelled by a counter-entry, the original stays on record. */
const reverseFeeRemittance = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const result = await reverseRemittance(ctx, actorOf(req), {
    remittanceId: idParam(req.params.id),
    key: text(req.body, 'key'),
    reason: text(req.body, 'reason'),
  });
  flash(req, { notice: done(notices.remittanceReversed, result) });
  res.redirect(303, back(req));
};

type ExamFeeRates = Record<UpwardPayee, { grade: number | null; special: number | null }>;

/** One rate of the form (field `<payee>_<kind>`): fen, or null when left empty. */
function rateField(req: Request, payee: string, kind: string): number | null {
  const raw = text(req.body, `${payee}_${kind}`);
  const fen = raw ? parseYuan(raw) : null;
  if (raw && fen === null) throw invalid(refusals.examFeeRate);
  return fen;
}

/** 考务费标准: the per-head exam fee each payee takes, for grade and special items. */
const saveExamFeeRates = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const rates = Object.fromEntries(
    PAYEES.map((p) => [p, { grade: rateField(req, p, 'grade'), special: rateField(req, p, 'special') }]),
  ) as ExamFeeRates;
  await setExamFeeRates(ctx, actorOf(req), idField(req.body, 'batchId'), rates);
  flash(req, { notice: notices.examFeeRatesSaved });
  res.redirect(303, back(req));
};

/** 收费对账.xlsx */
async function exportReconciliation(req: Request, res: Response) {
  const batch = await pageBatch(req);
  await writeReconciliation(streamXlsx(res, fileNames.reconciliation(batch.name)), batch.id);
}
