// The catalog of evaluation items.
import { Router, type Request, type Response } from 'express';
import type { ServiceContext } from '../../services/context.js';
import {
  createCatalogItem,
  getCatalogItem,
  listCatalog,
  updateCatalogItem,
  type CatalogInput,
} from '../../services/season/catalog.js';
import { LEVELS } from '../../domain/levels.js';
import { actorOf } from '../middleware/auth.js';
import { flash, formAction } from '../middleware/flash.js';
import { checkbox, idParam, int, list, text } from '../forms/fields.js';
import { LEVEL_NAMES } from '../../domain/labels.js';
import { notices, titles } from '../messages/office.js';

function catalogInput(req: Request): CatalogInput {
  return {
    kind: text(req.body, 'kind') as CatalogInput['kind'],
    name: text(req.body, 'name'),
    groupName: text(req.body, 'groupName'),
    levels: list(req.body, 'levels'),
    admitsStudents: checkbox(req.body, 'admitsStudents'),
    admitsSocial: checkbox(req.body, 'admitsSocial'),
    active: checkbox(req.body, 'active'),
    sortOrder: int(req.body, 'sortOrder'),
  };
}

const levelChoices = LEVELS.map((level) => ({ level, name: LEVEL_NAMES[level] }));

const newItemPage = () => '/office/catalog/new';
const editPage = (req: Request) => `/office/catalog/${req.params.id}/edit`;

export function officeCatalogRoutes(ctx: ServiceContext): Router {
  const router = Router();
  router.get('/catalog', showCatalog);
  router.get('/catalog/new', showNewItemForm);
  router.post('/catalog', formAction(newItemPage, addCatalogItem(ctx)));
  router.get('/catalog/:id/edit', showItemForm);
  router.post('/catalog/:id', formAction(editPage, saveCatalogItem(ctx)));
  return router;
}

/** 评价项目目录: grade and special items apart. */
async function showCatalog(req: Request, res: Response) {
  const items = await listCatalog();
  res.render('office/catalog', {
    title: titles.catalog,
    grade: items.filter((i) => i.kind === 'grade'),
    special: items.filter((i) => i.kind === 'special'),
  });
}

/** 新增项目: an empty item of the kind asked for (?kind=grade), else a special one. */
function showNewItemForm(req: Request, res: Response) {
  const item = {
    kind: req.query.kind === 'grade' ? 'grade' : 'special',
    name: '',
    groupName: '',
    levels: '',
    admitsStudents: true,
    admitsSocial: false,
    active: true,
    sortOrder: 0,
  };
  res.render('office/catalog-form', { title: titles.newItem, item, action: '/office/catalog', levelChoices });
}

const addCatalogItem = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const item = await createCatalogItem(ctx, actorOf(req), catalogInput(req));
  flash(req, { notice: notices.itemAdded(item.name) });
  res.redirect(303, '/office/catalog');
};

async function showItemForm(req: Request, res: Response) {
  const item = await getCatalogItem(idParam(req.params.id));
  res.render('office/catalog-form', {
    title: titles.editItem(item.name),
    item,
    action: `/office/catalog/${item.id}`,
    levelChoices,
  });
}

const saveCatalogItem = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  await updateCatalogItem(ctx, actorOf(req), idParam(req.params.id), catalogInput(req));
  flash(req, { notice: notices.saved });
  res.redirect(303, '/office/catalog');
};
