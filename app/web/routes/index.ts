// The route table: every area, its path prefix and who may enter. Read this to find a page.
import { Router } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { requireRole } from '../middleware/auth.js';
import { accountRoutes } from './account.js';
import { authRoutes } from './auth.js';
import { homeRoutes } from './home.js';
import { officeAuditRoutes } from './office-audit.js';
import { officeBatchRoutes } from './office-batches.js';
import { officeCatalogRoutes } from './office-catalog.js';
import { officeDepartmentRoutes } from './office-departments.js';
import { officeHomeRoutes } from './office-home.js';
import { staffRegistrationRoutes } from './staff-registrations.js';
import { officePackageRoutes } from './office-packages.js';
import { officePlanRoutes } from './office-plans.js';
import { officeBundleRoutes } from './office-bundles.js';
import { packageFileRoutes } from './package-files.js';
import { photoFileRoutes } from './photo-files.js';
import { officePrintRoutes, teacherPrintRoutes } from './print.js';
import { studentTicketRoutes } from './student-ticket.js';
import { officeMailRoutes } from './office-mail.js';
import { teacherHomeRoutes } from './teacher-home.js';
import { teacherPackageRoutes } from './teacher-packages.js';
import { teacherPlanRoutes } from './teacher-plans.js';
import { officeFeeRoutes } from './office-fees.js';
import { teacherFeeRoutes } from './teacher-fees.js';
import { studentRoutes } from './student-registration.js';
import { teacherRegistrationImportRoutes } from './teacher-registration-import.js';
import { teacherStudentImportRoutes } from './teacher-student-import.js';
import { teacherStudentRoutes } from './teacher-students.js';

export function routes(ctx: ServiceContext): Router {
  const router = Router();
  router.use('/', authRoutes(ctx), accountRoutes(ctx), homeRoutes(), packageFileRoutes(ctx), photoFileRoutes(ctx));
  router.use(
    '/office',
    requireRole('office'),
    officeHomeRoutes(ctx),
    officeDepartmentRoutes(ctx),
    officeCatalogRoutes(ctx),
    officeBatchRoutes(ctx),
    officeAuditRoutes(),
    staffRegistrationRoutes(ctx, 'office'),
    officePackageRoutes(ctx),
    officeBundleRoutes(ctx),
    officeFeeRoutes(ctx),
    officePlanRoutes(ctx),
    officePrintRoutes(ctx),
    officeMailRoutes(ctx),
  );
  // The import routes come first so /students/import is not taken for a student id.
  router.use(
    '/teacher',
    requireRole('teacher'),
    teacherHomeRoutes(ctx),
    teacherStudentImportRoutes(ctx),
    teacherStudentRoutes(ctx),
    teacherRegistrationImportRoutes(ctx),
    staffRegistrationRoutes(ctx, 'teacher'),
    teacherPackageRoutes(ctx),
    teacherFeeRoutes(ctx),
    teacherPlanRoutes(ctx),
    teacherPrintRoutes(ctx),
  );
  router.use('/student', requireRole('student'), studentRoutes(ctx), studentTicketRoutes(ctx));
  return router;
}
