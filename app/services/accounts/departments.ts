// 二级学院: created and renamed by the office; deactivated, never deleted.
import { fn, col } from 'sequelize';
import { sortedByName } from '../../domain/chinese-order.js';
import { conflict, invalid, notFound } from '../../domain/errors.js';
import { Department, Student, User } from '../../models/index.js';
import { recordAudit } from '../audit.js';
import { transaction, type Actor, type ServiceContext } from '../context.js';

export const messages = {
  name: '学院名称不能为空，且不超过 60 个字',
  taken: (name: string) => `已有名为“${name}”的二级学院`,
  missing: '找不到这个二级学院',
};

function cleanName(name: string): string {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (!trimmed || trimmed.length > 60) throw invalid(messages.name);
  return trimmed;
}

type PerDepartment = Array<{ departmentId: number; n: number | string }>;

async function countTeachers() {
  const rows = (await User.findAll({
    attributes: ['departmentId', [fn('COUNT', col('id')), 'n']],
    where: { role: 'teacher', active: true },
    group: ['departmentId'],
    raw: true,
  })) as unknown as PerDepartment;
  return new Map(rows.map((r) => [r.departmentId, Number(r.n)]));
}

async function countStudents() {
  const rows = (await Student.findAll({
    attributes: ['departmentId', [fn('COUNT', col('id')), 'n']],
    where: { active: true },
    group: ['departmentId'],
    raw: true,
  })) as unknown as PerDepartment;
  return new Map(rows.map((r) => [r.departmentId, Number(r.n)]));
}

export async function listDepartments() {
  const all = sortedByName(await Department.findAll());
  const departments = [...all.filter((d) => d.active), ...all.filter((d) => !d.active)];
  const teachers = await countTeachers();
  const students = await countStudents();
  return departments.map((d) => ({
    id: d.id,
    name: d.name,
    active: d.active,
    teacherCount: teachers.get(d.id) ?? 0,
    studentCount: students.get(d.id) ?? 0,
  }));
}

export async function getDepartment(id: number) {
  const department = await Department.findByPk(id);
  if (!department) throw notFound(messages.missing);
  return department.get({ plain: true });
}

/** Active departments in pinyin order: what every department list and choice offers. */
export async function activeDepartments() {
  return sortedByName(await Department.findAll({ where: { active: true } }));
}

export async function createDepartment(ctx: ServiceContext, actor: Actor, rawName: string): Promise<Department> {
  const name = cleanName(rawName);
  return transaction(ctx, async (t) => {
    if (await Department.findOne({ where: { name }, transaction: t })) throw conflict(messages.taken(name));
    const department = await Department.create({ name }, { transaction: t });
    await recordAudit(t, actor, {
      action: 'department.created',
      entityType: 'department',
      entityId: department.id,
      departmentId: department.id,
      after: { name },
    });
    return department;
  });
}

export async function updateDepartment(
  ctx: ServiceContext,
  actor: Actor,
  id: number,
  change: { name: string; active: boolean },
) {
  const name = cleanName(change.name);
  await transaction(ctx, async (t) => {
    const department = await Department.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
    if (!department) throw notFound(messages.missing);
    const clash = await Department.findOne({ where: { name }, transaction: t });
    if (clash && clash.id !== id) throw conflict(messages.taken(name));
    const before = { name: department.name, active: department.active };
    await department.update({ name, active: change.active }, { transaction: t });
    await recordAudit(t, actor, {
      action: 'department.updated',
      entityType: 'department',
      entityId: id,
      departmentId: id,
      before,
      after: { name, active: change.active },
    });
  });
}
