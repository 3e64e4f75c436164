// The words of the money screens (teacher-fees.ts, office-fees.ts, fee-helpers.ts): page titles,
// notices after an action, refusals of a form, the payment import's template, download file names.
import { skippedRows } from './imports.js';

export const titles = {
  feeSheet: '收费与上交',
  feeImport: '导入收费',
  feeImportChecked: '导入收费：检查结果',
  reconciliation: '收费对账',
  departmentFees: (department: string) => `收费明细：${department}`,
} as const;

export const notices = {
  collected: (recorded: number) => `已记录 ${recorded} 项收费`,
  refunded: '已记录退费',
  entryReversed: '已冲正这条记录（原记录保留）',
  transferred: '已记录上交，等待继续教育学院确认收款',
  transferReversed: '已冲正这笔上交（原记录保留）',
  transferConfirmed: '已确认收到这笔上交',
  remitted: '已记录上缴',
  remittanceReversed: '已冲正这笔上缴（原记录保留）',
  examFeeRatesSaved: '考务费标准已保存',
  /** The payment import done: `totalYuan` as formatYuan writes it. */
  imported: (people: number, totalYuan: string, skipped: number) =>
    `导入完成：${people} 人共 ${totalYuan} 元${skippedRows(skipped)}`,
} as const;

export const refusals = {
  examFeeRate: '考务费应为金额（元，最多两位小数），不收请留空',
} as const;

/** Department and batch names come in already made safe for a file name. */
export const fileNames = {
  departmentFees: (department: string, batch: string) => `${department}_${batch}_收费明细.xlsx`,
  reconciliation: (batch: string) => `收费对账-${batch}.xlsx`,
  feeTemplate: '收费导入模板.xlsx',
} as const;

/** The payment import's template: its sheet and the instructions beside the columns. */
export const template = {
  sheet: '收费名单',
  instructions: [
    '1. 每行一名考生，金额写该生本批次所有项目的合计（元），例如 520。',
    '2. 学号和身份证号至少填一个；身份证号列为文本格式。',
    '3. 金额与待缴不一致时（减免、分次缴费），在“原因”列说明。',
  ],
};
