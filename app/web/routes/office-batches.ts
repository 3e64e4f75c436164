// 评价批次: timeline and fee schedule.
import { Router, type Request, type Response } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { createBatch, getBatch, listBatches, updateBatch } from '../../services/season/batches.js';
import { FEE_SLOTS, noticeSchedule, slotGroup, slotKey, type FeeSchedule } from '../../domain/fees.js';
import { formatYuan } from '../../domain/money.js';
import { toInputValue } from '../../domain/time.js';
import {
  DEADLINES,
  nextSeason,
  seasonName,
  suggestedTimeline,
  type Season,
  type Timeline,
} from '../../domain/timeline.js';
import { BATCH_STATE_NAMES, batchState, planStepNotice } from '../../domain/batch-state.js';
import { actorOf } from '../middleware/auth.js';
import { flash, formAction } from '../middleware/flash.js';
import { feeField, parseBatchForm } from '../forms/batch-form.js';
import { idField, idParam, text } from '../forms/fields.js';
import { extendDeadline, listExtensions } from '../../services/season/extensions.js';
import { activeDepartments } from '../../services/accounts/departments.js';
import { parseShanghai } from '../../domain/time.js';
import { ATTEMPT_NAMES } from '../../domain/labels.js';
import { notices, titles } from '../messages/office.js';

/** The form's initial values: strings exactly as the inputs show them. */
function formValues(
  name: string,
  year: number,
  half: 1 | 2,
  timeline: Timeline,
  fees: FeeSchedule,
  plansSkipped = false,
) {
  const values: Record<string, string> = {
    name,
    year: String(year),
    half: String(half),
    plansSkipped: plansSkipped ? 'on' : '',
  };
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

/** The season asked for (?year=&half=), else the next one whose timetable is still ahead. */
function seasonFor(query: Record<string, unknown>, now: Date): Season {
  const year = Number(query.year);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) return nextSeason(now);
  return { year, half: query.half === '1' ? 1 : 2 };
}

/** A batch as its card shows it: where it stands and what became of its plan step. */
function batchCard(batch: Awaited<ReturnType<typeof listBatches>>[number], now: Date) {
  return { ...batch, stateName: BATCH_STATE_NAMES[batchState(batch, now)], planNote: planStepNotice(batch, now) };
}

/** The save notice, with the plan step's fate when it is not open: the office should not be surprised. */
function savedNotice(saved: string, batch: Timeline & { plansSkipped: boolean }, now: Date) {
  const note = planStepNotice(batch, now);
  return note ? notices.withPlanNote(saved, note) : saved;
}

const newBatchPage = () => '/office/batches/new';
const editPage = (req: Request) => `/office/batches/${req.params.id}/edit`;

export function officeBatchRoutes(ctx: ServiceContext): Router {
  const router = Router();
  router.get('/batches', showBatches(ctx));
  router.get('/batches/new', showNewBatchForm(ctx));
  router.post('/batches', formAction(newBatchPage, createNewBatch(ctx)));
  router.get('/batches/:id/edit', showBatchForm(ctx));
  router.post('/batches/:id/extensions', formAction(editPage, extendForDepartment(ctx)));
  router.post('/batches/:id', formAction(editPage, saveBatch(ctx)));
  return router;
}

/** 评价批次: every batch as a card, with where it stands. */
const showBatches = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const now = ctx.now();
  res.render('office/batches', {
    title: titles.batches,
    batches: (await listBatches()).map((b) => batchCard(b, now)),
    deadlines: DEADLINES,
  });
};

/** 新建评价批次: the form filled in with the suggested timetable of the season. */
const showNewBatchForm = (ctx: ServiceContext) => (req: Request, res: Response) => {
  const season = seasonFor(req.query, ctx.now());
  const values = formValues(
    seasonName(season),
    season.year,
    season.half,
    suggestedTimeline(season.year, season.half),
    noticeSchedule(),
  );
  res.render('office/batch-form', {
    title: titles.newBatch,
    action: '/office/batches',
    values,
    deadlines: DEADLINES,
    feeRows,
    batchId: null,
    planNote: null,
    extensions: [],
    departments: [],
  });
};

const createNewBatch = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const batch = await createBatch(ctx, actorOf(req), parseBatchForm(req.body));
  flash(req, { notice: savedNotice(notices.batchCreated(batch.name), batch, ctx.now()) });
  res.redirect(303, '/office/batches');
};

/** 修改批次: the batch's form, with the departments' extensions of its deadlines. */
const showBatchForm = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const { batch, fees } = await getBatch(idParam(req.params.id));
  const values = formValues(batch.name, batch.year, batch.half, batch, fees, batch.plansSkipped);
  res.render('office/batch-form', {
    title: titles.editBatch(batch.name),
    action: `/office/batches/${batch.id}`,
    values,
    deadlines: DEADLINES,
    feeRows,
    batchId: batch.id,
    planNote: planStepNotice(batch, ctx.now()),
    extensions: await listExtensions(batch.id),
    departments: await activeDepartments(),
  });
};

/** 延长截止时间: one deadline of the batch moved later for one department. */
const extendForDepartment = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  await extendDeadline(ctx, actorOf(req), {
    batchId: idParam(req.params.id),
    departmentId: idField(req.body, 'departmentId'),
    deadline: text(req.body, 'deadline'),
    until: parseShanghai(text(req.body, 'until')),
    reason: text(req.body, 'reason'),
  });
  flash(req, { notice: notices.deadlineExtended });
  res.redirect(303, editPage(req));
};

const saveBatch = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const batch = await updateBatch(ctx, actorOf(req), idParam(req.params.id), parseBatchForm(req.body));
  flash(req, { notice: savedNotice(notices.batchSaved, batch, ctx.now()) });
  res.redirect(303, '/office/batches');
};
