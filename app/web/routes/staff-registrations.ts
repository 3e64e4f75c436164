// Registrations as teachers (own department) and the office (all departments) see them: the
// filtered list with counts by item and level, registering a retake or a social candidate, and
// cancelling. One router, mounted under /teacher and /office; the services do the scoping.
import { Router, type Request, type Response } from 'express';
import { listBatches } from '../../services/season/batches.js';
import type { ServiceContext } from '../../services/context.js';
import { activeDepartments } from '../../services/accounts/departments.js';
import { listRegistrations } from '../../services/registration/registration-queries.js';
import { rosterIds, writeRoster } from '../../services/outputs/roster.js';
import { filterFrom } from '../forms/registration-filter.js';
import {
  cancelByStaff,
  findOrCreateSocialCandidate,
  registerByStaff,
} from '../../services/registration/staff-registration.js';
import { findStudentByNo } from '../../services/accounts/students.js';
import { listCatalog } from '../../services/season/catalog.js';
import { declaredHeldNone } from '../../services/registration/held-certificates.js';
import { formatYuan } from '../../domain/money.js';
import { itemLabel } from '../../domain/items.js';
import { parseLevels } from '../../domain/levels.js';
import { invalid } from '../../domain/errors.js';
import { actorOf } from '../middleware/auth.js';
import { flash, formAction } from '../middleware/flash.js';
import { checkbox, idField, idParam, optionalId, page, text } from '../forms/fields.js';
import { parseItemValue } from '../forms/registration-form.js';
import { pageBatch } from '../page-batch.js';
import { fileNames, notices, refusals, titles } from '../messages/registration.js';

/** Every item at every offered level, as "itemId:level" options for the staff form. */
async function itemOptions() {
  const items = (await listCatalog()).filter((i) => i.active);
  return items.flatMap((i) =>
    i.kind === 'special'
      ? [{ value: `${i.id}`, label: i.name, kind: i.kind }]
      : parseLevels(i.levels).map((l) => ({ value: `${i.id}:${l}`, label: itemLabel(i.name, l), kind: i.kind })),
  );
}

async function candidateFor(ctx: ServiceContext, req: Request) {
  const actor = actorOf(req);
  if (text(req.body, 'candidateType') === 'social') {
    return findOrCreateSocialCandidate(ctx, actor, {
      name: text(req.body, 'name'),
      idNumber: text(req.body, 'idNumber'),
      phone: text(req.body, 'phone'),
      employer: text(req.body, 'employer'),
      departmentId: optionalId(req.body, 'departmentId'),
    });
  }
  const studentNo = text(req.body, 'studentNo');
  if (!studentNo) throw invalid(refusals.studentNoNeeded);
  return findStudentByNo(actor, studentNo);
}

type Area = 'teacher' | 'office';

const listBase = (area: Area) => `/${area}/registrations`;

export function staffRegistrationRoutes(ctx: ServiceContext, area: Area): Router {
  const router = Router();
  const newPage = () => `${listBase(area)}/new`;
  const listPage = () => listBase(area);
  router.get('/registrations', showRegistrations(area));
  // The roster of what the list shows (same filters), streamed as .xlsx.
  router.get('/registrations/roster.xlsx', sendRoster(ctx));
  router.get('/registrations/new', showNewRegistrationForm(area));
  router.post('/registrations', formAction(newPage, registerCandidate(ctx, area)));
  router.post('/registrations/:id/cancel', formAction(listPage, cancelRegistration(ctx, area)));
  return router;
}

/** 报名总览 (office) / 本院报名 (teacher): the filtered list, 500 a page, with its counts. */
const showRegistrations = (area: Area) => async (req: Request, res: Response) => {
  const batch = await pageBatch(req);
  const filter = filterFrom(req.query);
  const current = page(req.query);
  const result = await listRegistrations(actorOf(req), batch.id, filter, current);
  res.render('registrations/list', {
    title: area === 'office' ? titles.overview : titles.departmentRegistrations,
    area,
    base: listBase(area),
    batch,
    batches: await listBatches(),
    ...result,
    page: current,
    pages: Math.max(1, Math.ceil(result.count / 500)),
    items: (await listCatalog()).map((i) => ({ id: i.id, name: i.name })),
    departments: area === 'office' ? await activeDepartments() : [],
    query: Object.fromEntries(
      Object.entries({ batch: String(batch.id), ...req.query }).map(([k, v]) => [k, String(v ?? '')]),
    ),
  });
};

const sendRoster = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const batch = await pageBatch(req);
  const ids = await rosterIds(actorOf(req), batch.id, filterFrom(req.query));
  res.attachment(fileNames.roster(batch.name)).type('xlsx').set('Cache-Control', 'private, no-store');
  await writeRoster(ctx, res, ids);
};

/** 代为报名: a retake or a social candidate, registered by staff. */
const showNewRegistrationForm = (area: Area) => async (req: Request, res: Response) => {
  const batch = await pageBatch(req);
  res.render('registrations/new', {
    title: titles.registerByStaff,
    area,
    base: listBase(area),
    batch,
    options: await itemOptions(),
    departments: area === 'office' ? await activeDepartments() : [],
  });
};

const registerCandidate = (ctx: ServiceContext, area: Area) => async (req: Request, res: Response) => {
  const candidate = await candidateFor(ctx, req);
  const choice = parseItemValue(text(req.body, 'item'), 'initial');
  const [created] = await registerByStaff(ctx, actorOf(req), {
    batchId: idField(req.body, 'batchId'),
    studentId: candidate.id,
    itemId: choice.itemId,
    level: choice.level,
    attempt: text(req.body, 'attempt'),
    heldNone: await declaredHeldNone(candidate.id, checkbox(req.body, 'heldNone')),
  });
  flash(req, { notice: notices.registeredByStaff(candidate.name, formatYuan(created.feeFen)) });
  res.redirect(303, `${listBase(area)}?batch=${created.batchId}`);
};

const cancelRegistration = (ctx: ServiceContext, area: Area) => async (req: Request, res: Response) => {
  await cancelByStaff(ctx, actorOf(req), idParam(req.params.id));
  flash(req, { notice: notices.cancelled });
  res.redirect(303, listBase(area));
};
