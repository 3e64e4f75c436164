// The audit log as a clerk reads it: Chinese action names, and the before/after summary as a
// short list of what changed, with times in Shanghai.
import { formatShanghai } from '../../domain/time.js';

export const ACTION_NAMES: Record<string, string> = {
  'auth.login': '登录',
  'auth.password-changed': '修改密码',
  'account.created': '新建账号',
  'account.email-changed': '修改邮箱',
  'student.email-changed': '考生修改邮箱',
  'mail.retried': '重新发送邮件',
  'mail.template-saved': '修改邮件模板',
  'mail.template-reset': '恢复默认邮件模板',
  'account.password-reset': '重置密码',
  'account.enabled': '启用账号',
  'account.disabled': '停用账号',
  'department.created': '新增二级学院',
  'department.updated': '修改二级学院',
  'catalog.created': '新增评价项目',
  'catalog.updated': '修改评价项目',
  'batch.created': '新建评价批次',
  'batch.updated': '修改评价批次',
  'student.created': '添加学生',
  'student.updated': '修改学生信息',
  'student.imported': '导入学生',
  'student.password-reset': '恢复学生初始密码',
  'student.photo-uploaded': '上传准考证照片',
  'plan.row-added': '评价计划：新增一行',
  'plan.row-updated': '评价计划：修改一行',
  'plan.row-removed': '评价计划：删除一行',
  'plan.contact-saved': '评价计划：保存联系人',
  'plan.submitted': '提交评价计划',
  'plan.returned': '退回评价计划',
  'plan.accepted': '接收评价计划',
  'holiday.added': '新增节假日',
  'holiday.removed': '删除节假日',
  'exam-ticket.numbered': '生成准考证号',
  'bundle.request': '生成省平台材料包',
  'bundle.restart': '重新生成省平台材料包',
};

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return ISO.test(value) ? formatShanghai(new Date(value)) : value;
  if (Array.isArray(value)) return value.length > 8 ? `${value.slice(0, 8).join('、')} 等 ${value.length} 项` : value.join('、') || '—';
  if (typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}=${show(v)}`).join('，');
  return String(value);
}

/** One line per field: "name: 旧 → 新" for changes, "name: 值" for a creation. */
export function auditLines(summary: string): string[] {
  let parsed: { before?: Record<string, unknown>; after?: Record<string, unknown> };
  try {
    parsed = JSON.parse(summary);
  } catch {
    return [summary];
  }
  const { before, after } = parsed;
  if (!after) return before ? Object.entries(before).map(([k, v]) => `${k}: ${show(v)}`) : [];
  return Object.entries(after).flatMap(([key, value]) => {
    if (!before) return [`${key}: ${show(value)}`];
    const old = show(before[key]);
    const now = show(value);
    return old === now ? [] : [`${key}: ${old} → ${now}`];
  });
}

export const actionName = (action: string) => ACTION_NAMES[action] ?? action;
