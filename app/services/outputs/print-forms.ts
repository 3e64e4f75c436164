// The 湖南省职业技能等级认定个人申报表 (seed 004 §二.5) that the office prints for every grade
// candidate and the department hands back signed: personal data from the registration, the
// occupation and level, the certificates already held (or 无), and the 个人承诺 that the candidate
// copies by hand and signs. Also who may print what: the office any department or all of them,
// a teacher only their own department.
import { Op } from 'sequelize';
import { forbidden, notFound } from '../../domain/errors.js';
import { birthDateOf, genderOf } from '../../domain/id-number.js';
import { levelLongName, type CandidateType } from '../../domain/items.js';
import { compareSeats } from '../../domain/exam-number.js';
import { type Level } from '../../domain/levels.js';
import { operationCertificate } from '../../domain/mutual-recognition.js';
import { CatalogItem, Department, HeldCertificate, Registration, Student } from '../../models/index.js';
import type { Actor } from '../context.js';
import { ATTEMPT_NAMES, CANDIDATE_TYPE_NAMES, LEVEL_NAMES, LEVEL_SHORT } from '../../domain/labels.js';

export const messages = {
  commitment:
    '本人承诺：以上所填报的个人信息及提交的材料真实、准确、有效，本人已知晓并遵守职业技能等级认定的有关规定。如有虚假，本人愿承担由此产生的一切后果。',
  copyPrompt: '请用正楷抄写上述个人承诺：',
  none: '无',
  otherDepartment: '只能打印本院考生的申报表和准考证：请从“打印”页面进入本院的打印链接',
  noDepartment: '你的账号没有所属二级学院，请联系继续教育学院',
  missingDepartment: '找不到这个二级学院：请从“打印”页面重新选择',
  notStaff: '只有继续教育学院和二级学院指定老师可以打印',
};

export type PrintScope = { departmentId: number | null; departmentName: string | null };

/** Which department a print covers: the office any (or all, when none is asked for), a teacher only their own. */
export async function printScope(actor: Actor, requested: number | undefined): Promise<PrintScope> {
  const asked = requested ?? null;
  if (actor.role === 'teacher') {
    if (actor.departmentId === null) throw forbidden(messages.noDepartment);
    if (asked !== null && asked !== actor.departmentId) throw forbidden(messages.otherDepartment);
    const own = await Department.findByPk(actor.departmentId);
    return { departmentId: actor.departmentId, departmentName: own?.name ?? null };
  }
  if (actor.role !== 'office') throw forbidden(messages.notStaff);
  if (asked === null) return { departmentId: null, departmentName: null };
  const department = await Department.findByPk(asked);
  if (!department) throw notFound(messages.missingDepartment);
  return { departmentId: department.id, departmentName: department.name };
}

export const photoUrl = (student: { id: number; photoPath: string | null }) =>
  student.photoPath ? `/students/${student.id}/photo` : null;

function heldLine(h: HeldCertificate) {
  if (h.type === 'operation') {
    const known = operationCertificate(h.operationCode ?? '');
    return {
      name: known?.name ?? '特种作业操作证',
      level: known ? `视同${LEVEL_SHORT[known.countsAs]}` : '',
      number: h.number,
    };
  }
  return { name: h.occupation ?? '', level: h.level ? LEVEL_NAMES[h.level as Level] : '', number: h.number };
}

type Loaded = Registration & { student: Student; item: CatalogItem; department: Department };

/** One registration's 申报表: the candidate, the occupation and level, the certificates they hold. */
function applicationSheet(r: Loaded, held: HeldCertificate[]) {
  const s = r.student;
  const own = held.filter((h) => h.studentId === s.id).map(heldLine);
  return {
    registrationId: r.id,
    seat: { departmentName: r.department.name, className: s.className, studentNo: s.studentNo, tieBreak: r.id },
    name: s.name,
    gender: genderOf(s.idNumber),
    birthDate: birthDateOf(s.idNumber),
    idNumber: s.idNumber,
    candidateTypeName: CANDIDATE_TYPE_NAMES[s.candidateType as CandidateType],
    departmentName: r.department.name,
    unit: s.candidateType === 'social' && s.employer ? s.employer : r.department.name,
    className: s.className ?? '',
    studentNo: s.studentNo ?? '',
    phone: s.phone,
    occupation: r.item.name,
    levelName: levelLongName(r.level as Level),
    attemptName: ATTEMPT_NAMES[r.attempt],
    held: own,
    heldNone: own.length === 0,
    photoUrl: photoUrl(s),
  };
}

/** One 个人申报表 per active grade registration of the batch in scope, in seat order. */
export async function applicationSheets(actor: Actor, batchId: number, requestedDepartment: number | undefined) {
  const scope = await printScope(actor, requestedDepartment);
  const registrations = (await Registration.findAll({
    where: {
      batchId,
      kind: 'grade',
      status: 'active',
      ...(scope.departmentId ? { departmentId: scope.departmentId } : {}),
    },
    include: [
      { model: Student, as: 'student' },
      { model: CatalogItem, as: 'item' },
      { model: Department, as: 'department' },
    ],
  })) as Loaded[];
  const held = registrations.length
    ? await HeldCertificate.findAll({
        where: { studentId: { [Op.in]: registrations.map((r) => r.studentId) }, withdrawn: false },
        order: [['id', 'ASC']],
      })
    : [];
  const sheets = registrations.map((r) => applicationSheet(r, held));
  sheets.sort((a, b) => compareSeats(a.seat, b.seat));
  return { scope, sheets, commitment: messages.commitment, copyPrompt: messages.copyPrompt, none: messages.none };
}
