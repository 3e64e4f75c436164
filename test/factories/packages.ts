// A candidate's stored package: real JPEG and PDF files written under the storage
// root the way ingestDepartmentUpload lays them out, with their SHA-256 recorded. For tests about
// what happens after the office accepted materials (bundles, print views).
import { createHash } from 'node:crypto';
import path from 'node:path';
import { Package, type Batch, type Student } from '../../app/models/index.js';
import type { PackageStatus } from '../../app/models/package.js';
import { h } from '../setup/hooks.js';
import { jpegNear, pdf } from './package-files.js';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** The candidate's current package, files on disk, in the given status (accepted by default). */
export async function storedPackage(batch: Batch, student: Student, status: PackageStatus = 'accepted', seed = 1) {
  const id = student.idNumber;
  const base = path.posix.join('packages', String(batch.id), String(student.id), 'v1', id);
  const idCard = jpegNear(60_000 + (seed % 50) * 1000, seed);
  const education = await pdf(`ID ${id}`, { seed: seed + 1 });
  const storage = h().app.ctx.storage;
  const idCardPath = `${base}/证件复印件/${id}.jpg`;
  const educationPath = `${base}/学历证书/${id}.pdf`;
  await storage.write(idCardPath, idCard);
  await storage.write(educationPath, education);
  return Package.create({
    batchId: batch.id,
    departmentId: student.departmentId,
    studentId: student.id,
    uploadId: null,
    version: 1,
    currentMarker: 1,
    status,
    idCardPath,
    idCardBytes: idCard.length,
    idCardSha256: sha256(idCard),
    educationPath,
    educationBytes: education.length,
    educationSha256: sha256(education),
    uploadedBy: null,
  });
}
