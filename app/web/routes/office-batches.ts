// 评价批次: timeline and fee schedule.
import { Router } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { createBatch, getBatch, listBatches, updateBatch } from '../../services/batches.js';
import { ATTEMPT_NAMES, FEE_SLOTS, noticeSchedule, slotGroup, slotKey, type FeeSchedule } from '../../domain/fees.js';
import { formatYuan } from '../../domain/money.js';
import { toInputValue } from '../../domain/time.js';
import { DEADLINES, suggestedTimeline, type Timeline } from '../../domain/timeline.js';
import { actorOf } from '../middleware/auth.js';
import { flash, formAction } from '../middleware/flash.js';
import { feeField, parseBatchForm } from '../forms/batch-form.js';
import { idParam, int, text } from '../forms/fields.js';
import { extendDeadline, listExtensions } from '../../services/extensions.js';
import { activeDepartments } from '../../services/departments.js';
import { parseShanghai } from '../../domain/time.js';

/** The form's initial values: strings exactly as the inputs show them. */
function formValues(name: string, year: number, half: 1 | 2, timeline: Timeline, fees: FeeSchedule) {
  const values: Record<string, string> = { name, year: String(year), half: String(half) };
  for (const [key] of DEADLINES) values[key] = toInputValue(timeline[key]);
  for (const slot of FEE_SLOTS) {
    const fen = fees.get(slotKey(slot));
    values[feeField(slotKey(slot))] = fen === undefined ? '' : formatYuan(fen);
  }
  return values;
}

// The fee form as a table: one row per kind/level, one column per attempt.
const feeRows = [...new Set(FEE_SLOTS.map(slotGroup))].map((label) => ({
  label,
  cells: FEE_SLOTS.filter((slot) => slotGroup(slot) === label).map((slot) => ({
    field: feeField(slotKey(slot)),
    attempt: ATTEMPT_NAMES[slot.attempt],
  })),
}));

export function officeBatchRoutes(ctx: ServiceContext): Router {
  const router = Router();

  router.get('/batches', async (req, res) => {
    res.render('office/batches', { title: '评价批次', batches: await listBatches(), deadlines: DEADLINES });
  });

  router.get('/batches/new', (req, res) => {
    const now = ctx.now();
    const year = Number(req.query.year) || now.getUTCFullYear();
    const half = req.query.half === '1' ? 1 : 2;
    const values = formValues(`${year}年${half === 2 ? '下' : '上'}半年`, year, half, suggestedTimeline(year, half), noticeSchedule());
    res.render('office/batch-form', { title: '新建评价批次', action: '/office/batches', values, deadlines: DEADLINES, feeRows, batchId: null, extensions: [], departments: [] });
  });

  router.post(
    '/batches',
    formAction(() => '/office/batches/new', async (req, res) => {
      const batch = await createBatch(ctx, actorOf(req), parseBatchForm(req.body));
      flash(req, { notice: `已新建批次“${batch.name}”` });
      res.redirect(303, '/office/batches');
    }),
  );

  router.get('/batches/:id/edit', async (req, res) => {
    const { batch, fees } = await getBatch(idParam(req.params.id));
    const values = formValues(batch.name, batch.year, batch.half, batch, fees);
    res.render('office/batch-form', {
      title: `修改批次：${batch.name}`, action: `/office/batches/${batch.id}`, values, deadlines: DEADLINES, feeRows,
      batchId: batch.id, extensions: await listExtensions(batch.id), departments: await activeDepartments(),
    });
  });

  router.post(
    '/batches/:id/extensions',
    formAction((req) => `/office/batches/${req.params.id}/edit`, async (req, res) => {
      await extendDeadline(ctx, actorOf(req), {
        batchId: idParam(req.params.id), departmentId: int(req.body, 'departmentId'), deadline: text(req.body, 'deadline'),
        until: parseShanghai(text(req.body, 'until')), reason: text(req.body, 'reason'),
      });
      flash(req, { notice: '已为该学院延长截止时间' });
      res.redirect(303, `/office/batches/${req.params.id}/edit`);
    }),
  );

  router.post(
    '/batches/:id',
    formAction((req) => `/office/batches/${req.params.id}/edit`, async (req, res) => {
      await updateBatch(ctx, actorOf(req), idParam(req.params.id), parseBatchForm(req.body));
      flash(req, { notice: '批次已保存' });
      res.redirect(303, '/office/batches');
    }),
  );

  return router;
}
