// The rows of a student list (.xlsx) checked one by one. Pure: the service adds what only the
// database knows (a 学号 or ID number that already belongs to another department).
import { headerIndex, type Cell, type SheetRow } from './sheet.js';
import { checkStudentRecord, type StudentRecord } from './student-record.js';

export const COLUMNS = [
  { field: 'studentNo', header: '学号', aliases: [], required: true },
  { field: 'name', header: '姓名', aliases: [], required: true },
  { field: 'idNumber', header: '身份证号', aliases: ['身份证号码', '证件号码'], required: true },
  { field: 'className', header: '班级', aliases: ['班级名称'], required: true },
  { field: 'phone', header: '手机', aliases: ['手机号', '手机号码', '联系电话'], required: true },
  { field: 'email', header: '邮箱', aliases: ['电子邮箱', 'Email', 'E-mail'], required: false },
] as const;

type Field = (typeof COLUMNS)[number]['field'];

export type GoodRow = { rowNumber: number; record: StudentRecord };
export type BadRow = { rowNumber: number; studentNo: string; name: string; reasons: string[] };
export type ImportCheck = { good: GoodRow[]; bad: BadRow[] };

export const messages = {
  empty: '文件里没有数据行：请在第 1 行写表头，从第 2 行起每行一名学生',
  missingHeaders: (names: string[]) => `第 1 行缺少表头：${names.join('、')}。请下载模板，按模板的表头填写`,
  tooMany: (max: number) => `一次最多导入 ${max} 行，请分成几个文件`,
  idAsNumber:
    '身份证号被 Excel 存成了数字（会显示成 4.30105E+17 这样的科学计数法），后几位已经丢失：请把该列设为“文本”格式，重新输入后再导入',
  duplicateInFile: (field: string, row: number) => `${field}与第 ${row} 行重复`,
};

function idCellProblem(cell: Cell | undefined): string | null {
  if (!cell) return null;
  if (cell.numeric || /^\d(\.\d+)?E\+\d+$/i.test(cell.text)) return messages.idAsNumber;
  return null;
}

export function checkStudentRows(rows: SheetRow[], maxRows: number): ImportCheck {
  if (rows.length < 2) throw new RangeError(messages.empty);
  if (rows.length - 1 > maxRows) throw new RangeError(messages.tooMany(maxRows));
  const index = headerIndex(rows[0].cells, COLUMNS);
  const missing = COLUMNS.filter((c) => c.required && !index.has(c.field)).map((c) => c.header);
  if (missing.length) throw new RangeError(messages.missingHeaders(missing));

  const good: GoodRow[] = [];
  const bad: BadRow[] = [];
  const seenNo = new Map<string, number>();
  const seenId = new Map<string, number>();
  for (const row of rows.slice(1)) {
    const cell = (f: Field) => (index.has(f) ? row.cells[index.get(f)!] : undefined);
    const text = (f: Field) => cell(f)?.text ?? '';
    const record: StudentRecord = {
      studentNo: text('studentNo'),
      name: text('name'),
      idNumber: text('idNumber'),
      className: text('className'),
      phone: text('phone'),
      email: text('email') || null,
    };
    const idProblem = idCellProblem(cell('idNumber'));
    const reasons = checkStudentRecord(record).filter((r) => !(idProblem && r.startsWith('身份证号')));
    if (idProblem) reasons.unshift(idProblem);
    if (seenNo.has(record.studentNo)) reasons.push(messages.duplicateInFile('学号', seenNo.get(record.studentNo)!));
    if (seenId.has(record.idNumber)) reasons.push(messages.duplicateInFile('身份证号', seenId.get(record.idNumber)!));
    seenNo.set(record.studentNo, seenNo.get(record.studentNo) ?? row.rowNumber);
    seenId.set(record.idNumber, seenId.get(record.idNumber) ?? row.rowNumber);
    if (reasons.length) bad.push({ rowNumber: row.rowNumber, studentNo: record.studentNo, name: record.name, reasons });
    else good.push({ rowNumber: row.rowNumber, record });
  }
  return { good, bad };
}
