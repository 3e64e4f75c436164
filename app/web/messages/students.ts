// The words of a department's students (teacher-students.ts, teacher-student-import.ts): page
// titles, notices after an action, the student import's template and its file name.
import { skippedRows } from './imports.js';

export const titles = {
  students: '本院学生',
  newStudent: '添加学生',
  editStudent: (name: string) => `修改：${name}`,
  studentImport: '导入学生',
  studentImportChecked: '导入学生：检查结果',
} as const;

export const notices = {
  added: (name: string, studentNo: string | null) => `已添加 ${name}（${studentNo}），初始密码为身份证号后 6 位`,
  saved: '已保存',
  passwordReset: '该学生的密码已恢复为身份证号后 6 位，登录后须修改',
  imported: (r: { created: number; updated: number; skipped: number }) =>
    `导入完成：新增 ${r.created} 人，更新 ${r.updated} 人${skippedRows(r.skipped)}`,
} as const;

export const fileNames = {
  studentTemplate: '学生导入模板.xlsx',
} as const;

/** The student import's template: its sheet and the instructions beside the columns. */
export const template = {
  sheet: '学生名单',
  instructions: (maxRows: number) => [
    '1. 第 1 行是表头，请勿修改；从第 2 行起每行一名学生。',
    '2. 身份证号、学号、手机号列已设为“文本”格式：请直接输入或“选择性粘贴 → 数值”，不要让 Excel 把身份证号变成 4.30105E+17。',
    '3. 身份证号为 18 位，最后一位如为 X 请用大写。',
    '4. 邮箱可以不填；学生登录账号为学号，初始密码为身份证号后 6 位。',
    `5. 一次最多导入 ${maxRows} 行。同一学号再次导入会更新该学生的信息。`,
  ],
};
