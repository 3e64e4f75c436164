// Importing registrations from the campus system's export (.xlsx: 学号/身份证号, 报考项目, 级别).
// Rows are grouped per person and checked with the same rules and prices as a form; nothing is
// written until the teacher confirms, and then all of it or none (unless they ask for the clean
// rows only). The check runs again inside the write transaction.
import type { Transaction } from 'sequelize';
import { AppError, invalid } from '../../domain/errors.js';
import { parseLevelText } from '../../domain/items.js';
import {
  normaliseItemName,
  readRegistrationRows,
  type ImportRow,
  type RowProblem,
} from '../../domain/registration-import.js';
import { assertWritable, byRow, parsedRows, readImportSheet, sortRows } from '../xlsx-import.js';
import { CatalogItem, type Batch, type Student } from '../../models/index.js';
import type { FeeSchedule } from '../../domain/fees.js';
import type { Actor, ServiceContext } from '../context.js';
import { declaredHeldNone } from './held-certificates.js';
import {
  addRegistrations,
  asHeld,
  batchWithFees,
  heldRegistrations,
  priceChoices,
  resolveChoices,
  writeRegistrations,
  type ChoiceInput,
} from './registrations.js';
import { assertStaffWindow } from './staff-registration.js';
import { findPersonInDepartment } from '../accounts/students.js';
import { teacherDepartment } from '../guards.js';

export const MAX_ROWS = 5000;

export const messages = {
  unreadable: '文件打不开：请上传用 Excel 或 WPS 保存的 .xlsx 文件',
  teacherOnly: '只有二级学院的指定老师可以导入本院报名',
  noSuchItem: (name: string) => `目录中没有「${name}」：请核对项目名称（可在页面上方的项目列表中查看）`,
  level: (text: string, name: string) => `「${name}」的级别「${text || '空'}」无法识别：请写 四级、中级 或 4`,
  nothing: '没有可以导入的报名',
};

export type PlannedPerson = {
  studentId: number;
  name: string;
  studentNo: string | null;
  rowNumbers: number[];
  choices: ChoiceInput[];
  heldNone: boolean | null;
  labels: string[];
  totalFen: number;
};
export type ImportPlan = { good: PlannedPerson[]; bad: RowProblem[] };

function choiceOf(row: ImportRow, items: Map<string, CatalogItem>): ChoiceInput {
  const item = items.get(normaliseItemName(row.item));
  if (!item) throw invalid(messages.noSuchItem(row.item));
  if (item.kind === 'special') return { itemId: item.id, level: null, attempt: 'initial' };
  const level = parseLevelText(row.level);
  if (level === null) throw invalid(messages.level(row.level, item.name));
  return { itemId: item.id, level, attempt: 'initial' };
}

type Person = { student: Student; rows: ImportRow[]; choices: ChoiceInput[] };

/** The rows grouped by the person each names, with its choice; a row naming nobody or nothing known is bad. */
async function rowsByPerson(rows: ImportRow[], departmentId: number, t?: Transaction) {
  const items = new Map((await CatalogItem.findAll({ transaction: t })).map((i) => [normaliseItemName(i.name), i]));
  const bad: RowProblem[] = [];
  const people = new Map<number, Person>();
  for (const row of rows) {
    try {
      const student = await findPersonInDepartment(row, departmentId, t);
      const entry = people.get(student.id) ?? { student, rows: [], choices: [] };
      entry.choices.push(choiceOf(row, items));
      entry.rows.push(row);
      people.set(student.id, entry);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      bad.push({ rowNumber: row.rowNumber, who: row.name || row.studentNo || row.idNumber, reasons: [error.message] });
    }
  }
  return { people: [...people.values()], bad };
}

/** A person's choices checked and priced as their form would be, beside what they already hold. */
async function pricedPerson(
  { student, rows: own, choices }: Person,
  heldNone: boolean | null,
  batch: Batch,
  fees: FeeSchedule,
  t?: Transaction,
): Promise<PlannedPerson> {
  const held = await heldRegistrations(batch.id, student.id, t);
  const lines = priceChoices(
    asHeld(held),
    await resolveChoices(choices, t),
    student.candidateType,
    fees,
    heldNone,
    student.name,
  );
  return {
    studentId: student.id,
    name: student.name,
    studentNo: student.studentNo,
    rowNumbers: own.map((r) => r.rowNumber),
    choices,
    heldNone,
    labels: lines.map((l) => l.label),
    totalFen: lines.reduce((s, l) => s + l.feeFen, 0),
  };
}

async function plan(
  rows: ImportRow[],
  batch: Batch,
  fees: FeeSchedule,
  departmentId: number,
  t?: Transaction,
): Promise<ImportPlan> {
  const { people, bad } = await rowsByPerson(rows, departmentId, t);
  // One person's rows stand or fall together: a refusal marks every row of theirs.
  const sorted = await sortRows(
    people,
    async (person) => {
      const heldNone = await declaredHeldNone(
        person.student.id,
        person.rows.some((r) => r.heldNone),
      );
      return pricedPerson(person, heldNone, batch, fees, t);
    },
    (person, reason): RowProblem[] =>
      person.rows.map((row) => ({ rowNumber: row.rowNumber, who: person.student.name, reasons: [reason] })),
  );
  return { good: sorted.good, bad: byRow([...bad, ...sorted.bad]) };
}

async function readRows(file: string) {
  const sheet = await readImportSheet(file, MAX_ROWS, messages.unreadable);
  return parsedRows(() => readRegistrationRows(sheet, MAX_ROWS));
}

export async function previewRegistrationImport(actor: Actor, batchId: number, file: string): Promise<ImportPlan> {
  const departmentId = teacherDepartment(actor, messages.teacherOnly);
  const { batch, fees } = await batchWithFees(batchId);
  const { rows, problems } = await readRows(file);
  const result = await plan(rows, batch, fees, departmentId);
  return { good: result.good, bad: [...problems, ...result.bad].sort((a, b) => a.rowNumber - b.rowNumber) };
}

export async function importRegistrations(
  ctx: ServiceContext,
  actor: Actor,
  batchId: number,
  file: string,
  onlyCleanRows: boolean,
) {
  const departmentId = teacherDepartment(actor, messages.teacherOnly);
  const { batch, fees } = await batchWithFees(batchId);
  const { rows, problems } = await readRows(file);
  return writeRegistrations(ctx, async (t) => {
    await assertStaffWindow(ctx, actor, batch, departmentId, t);
    const result = await plan(rows, batch, fees, departmentId, t);
    const bad = problems.length + result.bad.length;
    assertWritable(result.good.length, bad, onlyCleanRows, messages.nothing);
    let registered = 0;
    for (const person of result.good) {
      const created = await addRegistrations(ctx, t, actor, {
        batch,
        fees,
        studentId: person.studentId,
        choices: person.choices,
        channel: 'import',
        heldNone: person.heldNone,
      });
      registered += created.length;
    }
    return { people: result.good.length, registered, skipped: bad };
  });
}
