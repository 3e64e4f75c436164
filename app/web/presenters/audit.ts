// The audit log as a clerk reads it: Chinese action names, and the before/after summary as a
// short list of what changed, with times in Shanghai.
import { formatShanghai } from '../../domain/time.js';

export const ACTION_NAMES: Record<string, string> = {
  'auth.login': '登录',
  'auth.password-changed': '修改密码',
  'account.created': '新建账号',
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
