// A department's students, as its teacher keeps them. Every lookup is scoped to the actor's
// department: another department's student is refused, not merely hidden.
import { Op, type Attributes, type Transaction, type WhereOptions } from 'sequelize';
import { contains } from '../../db/contains.js';
import { parseEmail } from '../../domain/email.js';
import { conflict, forbidden, invalid, notFound } from '../../domain/errors.js';
import { maskIdNumber } from '../../domain/id-number.js';
import { checkStudentRecord, type StudentRecord } from '../../domain/student-record.js';
import { Department, Student, User } from '../../models/index.js';
import { recordAudit } from '../audit.js';
import { transaction, type Actor, type ServiceContext } from '../context.js';
import { endSessionsOf } from './sessions.js';

export const messages = {
  missing: '找不到这名学生',
  noSuchStudentNo: (no: string) => `找不到学号为 ${no} 的学生：请先在“本院学生”中添加或导入`,
  otherDepartment: '这名学生不属于你的二级学院，不能查看或修改',
  noDepartment: '你的账号没有所属二级学院，请联系继续教育学院',
  usernameTaken: (no: string) => `学号 ${no} 与系统中已有的登录账号重名，请联系继续教育学院`,
  idTaken: '这个身份证号已登记在本院另一名学生名下，请核对',
  studentNoTakenHere: (no: string) => `学号 ${no} 已登记在本院另一名学生名下，请核对`,
};

/**
 * A number that belongs to someone outside the teacher's department. One sentence whoever it is
 * (another department's student, a 社会人员, a 校内学生 elsewhere): a teacher learns only that the
 * number cannot be used here, and the way out. The office keeps the detailed messages.
 */
export const elsewhere = (who: string) =>
  `${who}已在系统中登记，不能在本院使用；如该学生转入本院，请联系继续教育学院调整所属二级学院`;
export const ID_ELSEWHERE = elsewhere('该身份证号');

export const PAGE_SIZE = 100;

function departmentOf(actor: Actor): number {
  if (actor.departmentId === null) throw forbidden(messages.noDepartment);
  return actor.departmentId;
}

/** The student, if the actor may see them: office anyone, teacher their department's, student themselves. */
export async function findStudentFor(actor: Actor, id: number, t?: Transaction): Promise<Student> {
  const student = await Student.findByPk(id, { transaction: t, lock: t ? t.LOCK.UPDATE : undefined });
  if (!student) throw notFound(messages.missing);
  if (actor.role === 'office') return student;
  if (actor.role === 'teacher' && student.departmentId === actor.departmentId) return student;
  if (actor.role === 'student' && student.userId === actor.userId) return student;
  throw forbidden(messages.otherDepartment);
}

/** A student's own address for notifications (registration, cancellation, admission ticket). */
export async function setOwnEmail(ctx: ServiceContext, actor: Actor, text: string): Promise<string | null> {
  const parsed = parseEmail(text);
  if (!parsed.ok) throw invalid(parsed.message);
  return transaction(ctx, async (t) => {
    const student = await Student.findOne({
      where: { userId: actor.userId ?? -1 },
      transaction: t,
      lock: t.LOCK.UPDATE,
    });
    if (!student) throw notFound(messages.missing);
    const before = { email: student.email };
    await student.update({ email: parsed.email }, { transaction: t });
    await recordAudit(t, actor, {
      action: 'student.email-changed',
      entityType: 'student',
      entityId: student.id,
      departmentId: student.departmentId,
      before,
      after: { email: parsed.email },
    });
    return parsed.email;
  });
}

/** The signed-in student's own record. */
export type OwnStudent = Attributes<Student> & { department: Attributes<Department>; departmentName: string };

/** A student's own record as their pages show it, from a row loaded with its department. */
export function presentOwnStudent(student: Student): OwnStudent {
  const plain = student.get({ plain: true }) as OwnStudent;
  return ownStudent(plain, plain.department);
}

/** The same from plain attributes (the per-request read in web/middleware/auth.ts). */
export function ownStudent(student: Attributes<Student>, department: Attributes<Department>): OwnStudent {
  return { ...student, department, departmentName: department.name };
}

export async function findOwnStudent(actor: Actor): Promise<OwnStudent> {
  const student = await Student.findOne({
    where: { userId: actor.userId ?? -1 },
    include: [{ model: Department, as: 'department' }],
  });
  if (!student) throw notFound(messages.missing);
  return presentOwnStudent(student);
}

export type StudentFilter = { className?: string; q?: string; includeInactive?: boolean };

export async function listStudents(actor: Actor, filter: StudentFilter, page: number) {
  const departmentId = departmentOf(actor);
  const where: WhereOptions<Student>[] = [{ departmentId, candidateType: 'campus' }];
  if (!filter.includeInactive) where.push({ active: true });
  if (filter.className) where.push({ className: filter.className });
  if (filter.q) where.push({ [Op.or]: [contains('studentNo', filter.q), contains('name', filter.q)] });
  const { rows, count } = await Student.findAndCountAll({
    where: { [Op.and]: where },
    order: [
      ['className', 'ASC'],
      ['studentNo', 'ASC'],
    ],
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  const classes = await Student.findAll({
    attributes: ['className'],
    where: { departmentId },
    group: ['className'],
    order: [['className', 'ASC']],
  });
  return {
    count,
    classes: classes.map((c) => c.className),
    rows: rows.map((s) => ({ ...s.get({ plain: true }), idNumber: maskIdNumber(s.idNumber) })),
  };
}

/**
 * Refuses a record (of the given department) whose 学号 or ID number already belongs to a different
 * student; a clash outside the department is told without saying whose the number is.
 */
export async function assertUnclaimed(
  record: StudentRecord,
  selfId: number | null,
  departmentId: number,
  t?: Transaction,
): Promise<void> {
  const clash = await Student.findAll({
    where: { [Op.or]: [{ studentNo: record.studentNo }, { idNumber: record.idNumber }] },
    transaction: t,
  });
  for (const other of clash.filter((s) => s.id !== selfId)) {
    const sameNo = other.studentNo === record.studentNo;
    if (other.departmentId !== departmentId)
      throw conflict(sameNo ? elsewhere(`学号 ${record.studentNo} `) : ID_ELSEWHERE);
    throw conflict(sameNo ? messages.studentNoTakenHere(record.studentNo) : messages.idTaken);
  }
  const self = selfId === null ? null : await Student.findByPk(selfId, { transaction: t });
  const account = await User.findByUsername(record.studentNo, t);
  if (account && account.id !== self?.userId) throw conflict(messages.usernameTaken(record.studentNo));
}

function checked(record: StudentRecord): StudentRecord {
  const problems = checkStudentRecord(record);
  if (problems.length) throw invalid(problems[0], problems);
  return record;
}

/** Creates the student and their login (学号 as username, initial password = last six ID characters). */
export async function insertStudent(record: StudentRecord, departmentId: number, t: Transaction): Promise<Student> {
  const user = await User.create(
    {
      username: record.studentNo,
      displayName: record.name,
      role: 'student',
      departmentId,
      passwordHash: null,
      mustChangePassword: true,
    },
    { transaction: t },
  );
  return Student.create({ ...record, departmentId, userId: user.id }, { transaction: t });
}

export async function saveStudentRecord(student: Student, record: StudentRecord, t: Transaction): Promise<void> {
  await student.update(record, { transaction: t });
  if (student.userId) {
    await User.update(
      { username: record.studentNo, displayName: record.name },
      { where: { id: student.userId }, transaction: t },
    );
  }
}

export async function createStudent(ctx: ServiceContext, actor: Actor, input: StudentRecord): Promise<Student> {
  const record = checked(input);
  const departmentId = departmentOf(actor);
  return transaction(ctx, async (t) => {
    await assertUnclaimed(record, null, departmentId, t);
    const student = await insertStudent(record, departmentId, t);
    await recordAudit(t, actor, {
      action: 'student.created',
      entityType: 'student',
      entityId: student.id,
      after: record,
    });
    return student;
  });
}

export async function updateStudent(
  ctx: ServiceContext,
  actor: Actor,
  id: number,
  input: StudentRecord & { active: boolean },
) {
  const record = checked(input);
  await transaction(ctx, async (t) => {
    const student = await findStudentFor(actor, id, t);
    await assertUnclaimed(record, student.id, student.departmentId, t);
    const before = { ...student.get({ plain: true }) };
    await saveStudentRecord(student, record, t);
    await student.update({ active: input.active }, { transaction: t });
    await recordAudit(t, actor, {
      action: 'student.updated',
      entityType: 'student',
      entityId: id,
      departmentId: student.departmentId,
      before,
      after: { ...record, active: input.active },
    });
  });
}

/** Puts a student's login back to the initial password (last six ID characters), to be changed again. */
export async function resetStudentPassword(ctx: ServiceContext, actor: Actor, id: number) {
  await transaction(ctx, async (t) => {
    const student = await findStudentFor(actor, id, t);
    if (!student.userId) throw notFound(messages.missing);
    await User.update(
      { passwordHash: null, mustChangePassword: true },
      { where: { id: student.userId }, transaction: t },
    );
    await endSessionsOf(student.userId, t);
    await recordAudit(t, actor, {
      action: 'student.password-reset',
      entityType: 'student',
      entityId: id,
      departmentId: student.departmentId,
    });
  });
}

/** A teacher finds one of their department's campus students by 学号. */
export async function findStudentByNo(actor: Actor, studentNo: string): Promise<Student> {
  const student = await Student.findOne({ where: { studentNo: studentNo.trim() } });
  if (!student) throw invalid(messages.noSuchStudentNo(studentNo.trim()));
  if (actor.role === 'teacher' && student.departmentId !== actor.departmentId)
    throw invalid(elsewhere(`学号 ${studentNo.trim()} `));
  return student;
}

export const personMessages = {
  noSuchStudent: (who: string) => `找不到 ${who}：请先在“本院学生”中导入或添加该生`,
  mismatch: '学号和身份证号不是同一名学生，请核对',
};

/**
 * A row of an import names a person by 学号 and/or 身份证号; both must agree and be of this
 * department. A number unknown to the system is the teacher's to add; one held outside the
 * department is refused before anything else is compared, so no answer tells whose it is.
 */
export async function findPersonInDepartment(
  row: { studentNo: string; idNumber: string },
  departmentId: number,
  t?: Transaction,
): Promise<Student> {
  const byNoWho = `学号 ${row.studentNo} `;
  const byIdWho = `身份证号 ${row.idNumber.slice(0, 4)}…${row.idNumber.slice(-4)} `;
  const byNo = row.studentNo ? await Student.findOne({ where: { studentNo: row.studentNo }, transaction: t }) : null;
  const byId = row.idNumber ? await Student.findOne({ where: { idNumber: row.idNumber }, transaction: t }) : null;
  if (row.studentNo && !byNo) throw invalid(personMessages.noSuchStudent(byNoWho.trim()));
  if (row.idNumber && !byId) throw invalid(personMessages.noSuchStudent(byIdWho.trim()));
  if (byNo && byNo.departmentId !== departmentId) throw invalid(elsewhere(byNoWho));
  if (byId && byId.departmentId !== departmentId) throw invalid(elsewhere(byIdWho));
  if (byNo && byId && byNo.id !== byId.id) throw invalid(personMessages.mismatch);
  return (byNo ?? byId)!;
}
