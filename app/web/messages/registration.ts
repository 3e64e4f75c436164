// The words of registration (student-registration.ts, staff-registrations.ts,
// teacher-registration-import.ts): the student's own pages (choices, materials, certificates held),
// the staff's list and form, the registration import's template, download file names.
import { skippedRows } from './imports.js';

export const titles = {
  studentHome: '我的报考',
  choices: '选择报考项目',
  confirmChoices: '确认报名',
  materials: '提交材料',
  certificates: '已获证书',
  overview: '报名总览',
  departmentRegistrations: '本院报名',
  registerByStaff: '代为报名（补考、社会人员）',
  registrationImport: '导入报名',
  registrationImportChecked: '导入报名：检查结果',
} as const;

/** Amounts (`…Yuan`) come in as formatYuan writes them. */
export const notices = {
  emailSet: (email: string) => `报名和准考证的通知将发到 ${email}`,
  emailCleared: '已清除邮箱，你将收不到通知邮件',
  registered: (items: number, totalYuan: string, materialsDue: boolean) =>
    `报名成功：共 ${items} 项，本次费用合计 ${totalYuan} 元。请按时缴费${materialsDue ? '，并按要求提交材料' : ''}`,
  cancelled: '已取消该项报名',
  cancelledWithRefund: (refundYuan: string) => `已取消该项报名。你为这一项缴的 ${refundYuan} 元由本院指定老师退还给你`,
  materialsSaved: '材料已保存：文件夹和文件名已按要求自动命名，等待本院指定老师初审',
  certificateDeclared: '已登记',
  certificateWithdrawn: '已撤回这条证书记录',
  registeredByStaff: (candidate: string, feeYuan: string) => `已为 ${candidate} 报名，费用 ${feeYuan} 元`,
  imported: (people: number, registered: number, skipped: number) =>
    `导入完成：${people} 人共 ${registered} 项报名${skippedRows(skipped)}`,
} as const;

export const refusals = {
  studentNoNeeded: '请填写校内考生的学号，或选择“社会人员”',
} as const;

export const fileNames = {
  roster: (batch: string) => `${batch}报名花名册.xlsx`,
  registrationTemplate: '报名导入模板.xlsx',
} as const;

/** The registration import's template: its sheet, the instructions, the catalog's items as they must be written. */
export const template = {
  sheet: '报名名单',
  /** An item of the catalog, with its levels (as format.levels writes them; null: it has none). */
  catalogItem: (name: string, levels: string | null) => `${name}${levels !== null ? `（级别：${levels}）` : ''}`,
  instructions: (maxRows: number, catalogItems: string[]) => [
    '1. 每行一项报名：同一学生报两个项目就写两行。学号和身份证号至少填一个（身份证号列为文本格式）。',
    '2. 报考项目写目录中的名称；等级认定项目的级别写 四级/三级（或 中级/高级、4/3），专项不填级别。',
    '3. 报等级认定的学生，如没有已获得的职业技能等级证书，在“已获证书”列写“无”。',
    `4. 一次最多 ${maxRows} 行。每人最多两个项目：等级认定和专项各一个，或两个专项。`,
    '',
    '目录中的项目：',
    ...catalogItems,
  ],
};
