// 省平台材料包: who goes in and who is missing, asking for a bundle (UTF-8 or GBK 兼容), its
// progress (polled by public/js/jobs.js), restarting a failed one, downloading the finished file.
import { Router, type Request, type Response } from 'express';
import { bundleContents } from '../../services/outputs/bundle.js';
import {
  bundleDownload,
  bundleJob,
  bundleJobs,
  requestBundle,
  restartBundle,
} from '../../services/outputs/bundle-jobs.js';
import type { ServiceContext } from '../../services/context.js';
import { actorOf } from '../middleware/auth.js';
import { flash, formAction } from '../middleware/flash.js';
import { idField, idOrEmpty, idParam, text } from '../forms/fields.js';
import { pageBatch } from '../page-batch.js';
import { notices, titles } from '../messages/outputs.js';

const back = (req: Request) => `/office/bundles?batch=${idOrEmpty(req.body, 'batchId')}`;

export function officeBundleRoutes(ctx: ServiceContext): Router {
  const router = Router();
  router.get('/bundles', showBundles(ctx));
  router.post('/bundles', formAction(back, startBundle(ctx)));
  router.post('/bundles/:id/restart', formAction(back, restartFailedBundle(ctx)));
  router.get('/bundles/:id/status', sendBundleStatus);
  router.get('/bundles/:id/download', downloadBundle(ctx));
  return router;
}

/** 省平台材料包: who goes in, who is missing, and the bundles asked for so far. */
const showBundles = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const batch = await pageBatch(req);
  const contents = await bundleContents(ctx, batch.id);
  res.render('bundles/office', {
    title: titles.bundles,
    batch,
    missing: contents.missing,
    accepted: contents.accepted,
    jobs: await bundleJobs(batch.id),
    groups: contents.groups.map((g) => ({ folder: g.folder, count: g.candidates.length })),
  });
};

const startBundle = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  await requestBundle(ctx, actorOf(req), idField(req.body, 'batchId'), text(req.body, 'encoding'));
  flash(req, { notice: notices.bundleStarted });
  res.redirect(303, back(req));
};

const restartFailedBundle = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  await restartBundle(ctx, actorOf(req), idParam(req.params.id));
  flash(req, { notice: notices.bundleRestarted });
  res.redirect(303, back(req));
};

/** A bundle's progress, as public/js/jobs.js polls it. */
async function sendBundleStatus(req: Request, res: Response) {
  res.set('Cache-Control', 'no-store').json(await bundleJob(idParam(req.params.id)));
}

const downloadBundle = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const { file, name } = await bundleDownload(ctx, idParam(req.params.id));
  res.set('Cache-Control', 'private, no-store').download(file, name);
};
