// Recording money. Every write: one transaction, the registration (or department) row locked
// first, amounts in fen, a one-time form key stored with a unique index (a double click or a
// resent form is recorded once, and says so), never an edit: corrections reverse. What the teacher
// collects and pays back is in fee-collections.ts; transfers and remittances in fee-transfers.ts;
// this module holds what both need: the wording, who may write, the one-time key.
import { randomUUID } from 'node:crypto';
import { UniqueConstraintError, type Transaction } from 'sequelize';
import { formatShanghai } from '../../domain/time.js';
import { transaction, type ServiceContext } from '../context.js';
import { requiredText } from '../../domain/required-text.js';

export const messages = {
  deadline: (at: Date) => `缴费确认已于 ${formatShanghai(at)} 截止；如需补记，请联系继续教育学院延长本院截止时间`,
  teacherOnly: '只有本院指定老师可以记录收费和上交',
  officeOnly: '只有继续教育学院可以确认收款和记录上缴',
  nothingSelected:
    '没有勾选任何项目，什么也没有记录：请在名单中勾选已收到费用的考生项目（可用每班表头的方框全选），再点“勾选的项目已收费”',
  reasonNeeded: (due: string) => `实收金额与应收 ${due} 元不一致：请填写原因（如减免、分次缴费）`,
  reason: '请填写原因（不超过 200 字）',
  amount: '金额应为大于 0 的数字（元，最多两位小数）',
  date: '日期格式应为 YYYY-MM-DD',
  voucher: '请填写转账凭证号或银行流水号（不超过 60 个字符）',
  payee: '请选择收款单位',
  nothingToRefund: '这个项目没有已收的费用，无需退费',
  alreadyReversed: '这条记录已经冲正过了',
  duplicate: '这张表单已经提交过了（可能是重复点击），没有重复记账',
  missing: '找不到这条记录',
  noBatch: '找不到这个批次：请从收费对账页面重新进入',
  confirmed: '已确认收款的上交记录不能由学院冲正，请联系继续教育学院',
};

/** The one-time key a form carries; the unique index turns a second submission into a no-op. */
export const newFormKey = () => randomUUID();

/** The reason a refund or a correction must give, trimmed. */
export function requiredReason(raw: string): string {
  const reason = requiredText(raw, 200, messages.reason);
  return reason;
}

/** Runs a money write; a second use of the same form key is answered "already recorded". */
export async function once<T>(ctx: ServiceContext, work: (t: Transaction) => Promise<T>): Promise<T | 'duplicate'> {
  try {
    return await transaction(ctx, work);
  } catch (error) {
    if (error instanceof UniqueConstraintError) return 'duplicate';
    throw error;
  }
}

export type Recorded = { recorded: number; duplicate: boolean };

export const asRecorded = (result: number | 'duplicate'): Recorded =>
  result === 'duplicate' ? { recorded: 0, duplicate: true } : { recorded: result, duplicate: false };
