// The fields of a student as a teacher types or imports them. Pure: the import service and the
// single-student form both call checkStudentRecord, so a row is refused for the same reasons.
import { checkIdNumber } from './id-number.js';

export type StudentRecord = {
  studentNo: string;
  name: string;
  idNumber: string;
  className: string;
  phone: string;
  email: string | null;
};

export const messages = {
  studentNo: '学号应为 4–20 位字母或数字',
  name: '姓名不能为空，且不超过 30 个字',
  className: '班级不能为空，且不超过 40 个字',
  phone: '手机号应为 11 位数字，以 1 开头',
  email: '邮箱格式不对（可以不填）',
};

export function checkStudentRecord(r: StudentRecord): string[] {
  const problems: string[] = [];
  if (!/^[A-Za-z0-9]{4,20}$/.test(r.studentNo)) problems.push(messages.studentNo);
  if (r.name.length === 0 || r.name.length > 30) problems.push(messages.name);
  const id = checkIdNumber(r.idNumber);
  if (!id.ok) problems.push(id.reason);
  if (r.className.length === 0 || r.className.length > 40) problems.push(messages.className);
  if (!/^1\d{10}$/.test(r.phone)) problems.push(messages.phone);
  if (r.email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(r.email)) problems.push(messages.email);
  return problems;
}
