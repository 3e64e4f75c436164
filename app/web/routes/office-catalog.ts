// The catalog of evaluation items.
import { Router, type Request } from 'express';
import type { ServiceContext } from '../../services/context.js';
import {
  createCatalogItem,
  getCatalogItem,
  listCatalog,
  updateCatalogItem,
  type CatalogInput,
} from '../../services/catalog.js';
import { LEVELS, LEVEL_NAMES } from '../../domain/levels.js';
import { actorOf } from '../middleware/auth.js';
import { flash, formAction } from '../middleware/flash.js';
import { checkbox, idParam, int, list, text } from '../forms/fields.js';

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

export function officeCatalogRoutes(ctx: ServiceContext): Router {
  const router = Router();

  router.get('/catalog', async (req, res) => {
    const items = await listCatalog();
    res.render('office/catalog', {
      title: '评价项目目录',
      grade: items.filter((i) => i.kind === 'grade'),
      special: items.filter((i) => i.kind === 'special'),
    });
  });

  router.get('/catalog/new', (req, res) => {
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
    res.render('office/catalog-form', { title: '新增项目', item, action: '/office/catalog', levelChoices });
  });

  router.post(
    '/catalog',
    formAction(
      () => '/office/catalog/new',
      async (req, res) => {
        const item = await createCatalogItem(ctx, actorOf(req), catalogInput(req));
        flash(req, { notice: `已新增“${item.name}”` });
        res.redirect(303, '/office/catalog');
      },
    ),
  );

  router.get('/catalog/:id/edit', async (req, res) => {
    const item = await getCatalogItem(idParam(req.params.id));
    res.render('office/catalog-form', {
      title: `修改：${item.name}`,
      item,
      action: `/office/catalog/${item.id}`,
      levelChoices,
    });
  });

  router.post(
    '/catalog/:id',
    formAction(
      (req) => `/office/catalog/${req.params.id}/edit`,
      async (req, res) => {
        await updateCatalogItem(ctx, actorOf(req), idParam(req.params.id), catalogInput(req));
        flash(req, { notice: '已保存' });
        res.redirect(303, '/office/catalog');
      },
    ),
  );

  return router;
}
