// A department's materials: upload the ID-numbered folders (ZIP or folder, with a progress bar),
// read the per-candidate report beside who is still missing, 初审通过, submit to the office.
import { Router, type Request, type Response } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { ingestDepartmentUpload } from '../../services/packages/packages.js';
import {
  departmentMaterials,
  recentUploads,
  uploadProblems,
  uploadReport,
} from '../../services/packages/package-queries.js';
import { preApprove, submitDepartment } from '../../services/packages/package-review.js';
import { effectiveDeadlineFor } from '../../services/season/extensions.js';
import { invalid } from '../../domain/errors.js';
import { reportCounts } from '../../domain/package-rules.js';
import { actorOf } from '../middleware/auth.js';
import { flash, formAction } from '../middleware/flash.js';
import { packageUpload, receiveFiles, thenRemove } from '../middleware/upload.js';
import { idField, idList, idOrEmpty, idParam, idQuery } from '../forms/fields.js';
import { format } from '../presenters/format.js';
import { BOM, csvLine } from '../../lib/csv.js';
import { pageBatch } from '../page-batch.js';
import { PACKAGE_STATUS_NAMES } from '../../domain/labels.js';
import { fileNames, notices, refusals, titles, problemsCsv } from '../messages/packages.js';

const MAX_FOLDER_FILES = 10_000;

const packagesPage = (batchId: number | '') => `/teacher/packages?batch=${batchId}`;
const uploadBack = (req: Request) => packagesPage(idOrEmpty(req.query, 'batch'));
const back = (req: Request) => packagesPage(idOrEmpty(req.body, 'batchId'));

export function teacherPackageRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const uploader = packageUpload(ctx.storage.tempDir(), ctx.config.packageUploadMaxBytes, MAX_FOLDER_FILES);
  router.get('/packages', showMaterials);
  router.post('/packages/upload', formAction(uploadBack, uploadMaterials(ctx, uploader)));
  // Every problem of one upload (the page lists the first ones): one CSV line each.
  router.get('/packages/uploads/:id/report.csv', sendUploadProblems(ctx));
  router.post('/packages/pre-approve', formAction(back, preApproveCandidates(ctx)));
  router.post('/packages/submit', formAction(back, submitToOffice(ctx)));
  return router;
}

/** 材料提交: the department's candidates and their materials, and the report of an upload (?upload=). */
async function showMaterials(req: Request, res: Response) {
  const actor = actorOf(req);
  const batch = await pageBatch(req);
  const uploadId = idQuery(req.query, 'upload');
  res.render('packages/teacher', {
    title: titles.departmentMaterials,
    batch,
    statusNames: PACKAGE_STATUS_NAMES,
    dueAt: await effectiveDeadlineFor(batch, actor.departmentId!, 'materialsDueAt'),
    ...(await departmentMaterials(batch.id, actor.departmentId!)),
    uploads: await recentUploads(batch.id, actor.departmentId!),
    report: uploadId ? await uploadReport(actor, uploadId) : null,
  });
}

/** What was uploaded: one ZIP, or a folder's files by their paths inside it. */
function uploadedMaterials(files: Express.Multer.File[]) {
  const zip = files.find((f) => f.fieldname === 'file');
  const folder = files
    .filter((f) => f.fieldname === 'files')
    .map((f) => ({ path: f.originalname.replace(/\\/g, '/'), tempFile: f.path }));
  if (!zip && !folder.length) throw invalid(refusals.nothingChosen);
  const fileName = zip ? zip.originalname : fileNames.uploadedFolder(folder[0].path.split('/')[0]);
  return { fileName, zip: zip?.path, folder: zip ? undefined : folder };
}

/** The upload is checked candidate by candidate; its report is shown on the page it returns to. */
const uploadMaterials =
  (ctx: ServiceContext, uploader: ReturnType<typeof packageUpload>) => async (req: Request, res: Response) => {
    const files = await receiveFiles(uploader, ctx.config.packageUploadMaxBytes, req, res);
    const target = await thenRemove(files, async () => {
      const upload = uploadedMaterials(files);
      const { uploadId, result } = await ingestDepartmentUpload(ctx, actorOf(req), idField(req.query, 'batch'), upload);
      flash(
        req,
        result.fatal
          ? { error: refusals.zipUnprocessed(result.fatal.message) }
          : { notice: notices.uploaded(reportCounts(result.report.candidates)) },
      );
      return `${uploadBack(req)}&upload=${uploadId}`;
    });
    res.redirect(303, target);
  };

const sendUploadProblems = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const { fileName, rows } = await uploadProblems(ctx, actorOf(req), idParam(req.params.id));
  const lines = rows.map((r) => csvLine([r.folder, format.issueTag(r.code), r.message, r.path]));
  res
    .attachment(fileNames.uploadProblems(fileName.replace(/\.zip$/i, '')))
    .type('csv')
    .set('Cache-Control', 'private, no-store');
  res.send(BOM + csvLine(problemsCsv.header) + lines.join(''));
};

/** 初审通过: the ticked candidates' materials pass the department's first check. */
const preApproveCandidates = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const count = await preApprove(ctx, actorOf(req), idField(req.body, 'batchId'), idList(req.body, 'packageIds'));
  flash(req, { notice: notices.preApproved(count) });
  res.redirect(303, back(req));
};

/** 提交: the department's materials go to the office. */
const submitToOffice = (ctx: ServiceContext) => async (req: Request, res: Response) => {
  const count = await submitDepartment(ctx, actorOf(req), idField(req.body, 'batchId'));
  flash(req, { notice: notices.submitted(count) });
  res.redirect(303, back(req));
};
