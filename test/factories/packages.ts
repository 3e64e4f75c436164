// Registrations with a stored, accepted package: real JPEG and PDF files written under the storage
// root the way ingestDepartmentUpload lays them out, with their SHA-256 recorded. For tests about
// what happens after the office accepted materials (bundles, print views).
import { createHash } from 'node:crypto';
import path from 'node:path';
import { CatalogItem, Package, Registration, type Batch, type Student } from '../../app/models/index.js';
import type { PackageStatus } from '../../app/models/package.js';
import { h } from '../setup/hooks.js';
import { item } from './batches.js';
import { jpegNear, pdf } from './package-files.js';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** An active registration for any catalog item (grade with a level, special without). */
export async function registerFor(batch: Batch, student: Student, itemOrName: string | CatalogItem, level: number | null, slot = 1) {
  const catalogItem = typeof itemOrName === 'string' ? await item(itemOrName) : itemOrName;
  const grade = catalogItem.kind === 'grade';
  return Registration.create({
    batchId: batch.id, studentId: student.id, departmentId: student.departmentId, catalogItemId: catalogItem.id, kind: catalogItem.kind,
    level: grade ? (level as 4) : null, attempt: 'initial', feeFen: grade ? 32000 : 20000, status: 'active', channel: 'teacher',
    activeSlot: slot, activeGrade: grade ? 1 : null, activeItem: 1, heldNone: grade ? true : null, createdBy: null,
  });
}

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
    batchId: batch.id, departmentId: student.departmentId, studentId: student.id, uploadId: null, version: 1, currentMarker: 1, status,
    idCardPath, idCardBytes: idCard.length, idCardSha256: sha256(idCard), educationPath, educationBytes: education.length, educationSha256: sha256(education),
    uploadedBy: null,
  });
}
