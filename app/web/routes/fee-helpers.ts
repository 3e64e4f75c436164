// What the teacher's and the office's money screens share: amounts as typed, the notice of a form
// sent twice, a transfer's receipt scan and its reversal, and the headers of a streamed workbook.
import type { Request, Response } from 'express';
import { parseYuan } from '../../domain/money.js';
import type { ServiceContext } from '../../services/context.js';
import { receiptFile } from '../../services/fees/fee-receipts.js';
import { messages as feeMessages, type Recorded } from '../../services/fees/fee-records.js';
import { reverseTransfer } from '../../services/fees/fee-transfers.js';
import { actorOf } from '../middleware/auth.js';
import { flash } from '../middleware/flash.js';
import { idParam, text } from '../forms/fields.js';
import { notices } from '../messages/fees.js';

export const yuan = (raw: string) => (raw ? parseYuan(raw) : null);
export const done = (what: string, r: Recorded) => (r.duplicate ? feeMessages.duplicate : what);

/** The scan a department attached to a transfer. */
export const sendReceipt = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const { file, type } = await receiptFile(ctx, actorOf(req), idParam(req.params.id));
  res.set({ 'Content-Type': type, 'Cache-Control': 'private, no-store' });
  res.sendFile(file);
};

/** 冲正上交: a transfer is cancelled by a counter-entry, the original stays on record. */
export const reverseFeeTransfer =
  (ctx: ServiceContext, back: (req: Request) => string) => async (req: Request, res: Response) => {
    const result = await reverseTransfer(ctx, actorOf(req), {
      transferId: idParam(req.params.id),
      key: text(req.body, 'key'),
      reason: text(req.body, 'reason'),
    });
    flash(req, { notice: done(notices.transferReversed, result) });
    res.redirect(303, back(req));
  };

/** Headers for a workbook that is written into the response as it is read from the database. */
export function streamXlsx(res: Response, name: string): Response {
  return res.attachment(name).type('xlsx').set('Cache-Control', 'private, no-store');
}
