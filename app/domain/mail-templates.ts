// What each notification says (issue 7). The office may reword any of them; the placeholders a
// mail offers are fixed here, so a reworded template can only use facts the event supplies.

export type Audience = 'teacher' | 'office' | 'student';
export type MailTemplateText = { subject: string; body: string };
export type MailTemplateSpec = MailTemplateText & {
  name: string;
  audience: Audience;
  placeholders: Record<string, string>;
};

const FOOTER = '\n\n——\n职业技能评价报考管理系统（自动发送，请勿直接回复）';
const common = { 批次: '批次名称，例如 2026年下半年', 链接: '系统中对应页面的网址' };

export const MAIL_TEMPLATES = {
  'package-check': {
    name: '材料检查完成',
    audience: 'teacher',
    placeholders: {
      ...common,
      学院: '二级学院',
      文件: '上传的文件名',
      通过: '这次上传中通过检查的考生人数',
      未通过: '这次上传中未通过检查的考生人数',
      缺材料: '已报等级认定、至今没有任何材料的考生人数',
    },
    subject: '【{{批次}}】材料检查完成：{{通过}} 人通过，{{未通过}} 人未通过',
    body:
      '{{学院}}的老师：\n\n上传的“{{文件}}”已检查完毕：{{通过}} 名考生的材料通过检查，{{未通过}} 名未通过。\n本院还有 {{缺材料}} 名等级认定考生没有提交任何材料。\n\n检查结果：{{链接}}' +
      FOOTER,
  },
  'package-returned': {
    name: '考生材料被退回',
    audience: 'teacher',
    placeholders: {
      ...common,
      学院: '二级学院',
      考生: '考生姓名',
      项目: '报考项目和等级',
      原因: '退回原因',
      截止时间: '材料提交截止时间',
    },
    subject: '【{{批次}}】{{考生}}的材料被退回',
    body:
      '{{学院}}的老师：\n\n继续教育学院退回了 {{考生}}（{{项目}}）的报名材料。\n\n退回原因：{{原因}}\n\n请按原因修改，在 {{截止时间}} 前重新上传并提交：{{链接}}' +
      FOOTER,
  },
  'department-returned': {
    name: '本院材料被退回',
    audience: 'teacher',
    placeholders: {
      ...common,
      学院: '二级学院',
      人数: '被退回的考生人数',
      原因: '退回原因',
      截止时间: '材料提交截止时间',
    },
    subject: '【{{批次}}】本院 {{人数}} 名考生的材料被退回',
    body:
      '{{学院}}的老师：\n\n继续教育学院退回了本院已提交的 {{人数}} 名考生的材料。\n\n退回原因：{{原因}}\n\n请按原因修改，在 {{截止时间}} 前重新提交：{{链接}}' +
      FOOTER,
  },
  'plan-returned': {
    name: '评价计划被退回',
    audience: 'teacher',
    placeholders: { ...common, 学院: '二级学院', 原因: '退回原因', 截止时间: '评价计划截止时间' },
    subject: '【{{批次}}】本院评价计划被退回',
    body:
      '{{学院}}的老师：\n\n继续教育学院退回了本院的评价计划。\n\n退回原因：{{原因}}\n\n请修改后在 {{截止时间}} 前重新提交：{{链接}}' +
      FOOTER,
  },
  'transfer-confirmed': {
    name: '转账已确认',
    audience: 'teacher',
    placeholders: { ...common, 学院: '二级学院', 金额: '转账金额（元）', 日期: '转账日期', 凭证号: '转账凭证号' },
    subject: '【{{批次}}】继续教育学院已确认收到本院转账 {{金额}} 元',
    body:
      '{{学院}}的老师：\n\n继续教育学院已确认收到本院 {{日期}} 的转账 {{金额}} 元（凭证号 {{凭证号}}）。\n\n收费情况：{{链接}}' +
      FOOTER,
  },
  'plan-submitted': {
    name: '学院提交了评价计划',
    audience: 'office',
    placeholders: { ...common, 学院: '二级学院', 行数: '计划中的项目行数', 人数: '计划总人数' },
    subject: '【{{批次}}】{{学院}}提交了评价计划',
    body: '{{学院}}提交了评价计划：{{行数}} 个项目，计划 {{人数}} 人。\n\n审核：{{链接}}' + FOOTER,
  },
  'packages-submitted': {
    name: '学院提交了材料',
    audience: 'office',
    placeholders: { ...common, 学院: '二级学院', 人数: '提交的考生人数' },
    subject: '【{{批次}}】{{学院}}提交了 {{人数}} 名考生的材料',
    body: '{{学院}}提交了 {{人数}} 名等级认定考生的材料，等待审核。\n\n审核：{{链接}}' + FOOTER,
  },
  'transfer-recorded': {
    name: '学院登记了转账',
    audience: 'office',
    placeholders: { ...common, 学院: '二级学院', 金额: '转账金额（元）', 日期: '转账日期', 凭证号: '转账凭证号' },
    subject: '【{{批次}}】{{学院}}登记了转账 {{金额}} 元',
    body:
      '{{学院}}登记了 {{日期}} 的转账 {{金额}} 元（凭证号 {{凭证号}}），请核对到账后确认。\n\n确认：{{链接}}' + FOOTER,
  },
  'registration-confirmed': {
    name: '报名成功',
    audience: 'student',
    placeholders: {
      ...common,
      姓名: '考生姓名',
      新项目: '这次报名的项目和费用',
      全部项目: '现在报名的全部项目和费用',
      合计: '全部费用合计（元）',
      缴费截止: '缴费确认截止时间',
    },
    subject: '【{{批次}}】报名成功：{{新项目}}',
    body:
      '{{姓名}}同学：\n\n你已报名：{{新项目}}。\n\n现在报名的全部项目：\n{{全部项目}}\n费用合计 {{合计}} 元，请在 {{缴费截止}} 前交给本院指定老师。\n\n查看报考进度：{{链接}}' +
      FOOTER,
  },
  'registration-cancelled': {
    name: '报名已取消',
    audience: 'student',
    placeholders: {
      ...common,
      姓名: '考生姓名',
      取消项目: '取消的项目',
      全部项目: '仍然有效的项目和费用',
      合计: '仍需缴纳的费用合计（元）',
    },
    subject: '【{{批次}}】已取消报名：{{取消项目}}',
    body:
      '{{姓名}}同学：\n\n你的报名“{{取消项目}}”已取消。\n\n仍然有效的报名：\n{{全部项目}}\n费用合计 {{合计}} 元。\n\n查看报考进度：{{链接}}' +
      FOOTER,
  },
  'ticket-ready': {
    name: '准考证可以打印',
    audience: 'student',
    placeholders: { ...common, 姓名: '考生姓名', 准考证: '项目和准考证号' },
    subject: '【{{批次}}】准考证已可以打印',
    body:
      '{{姓名}}同学：\n\n你的准考证已经生成：\n{{准考证}}\n\n请打印准考证，按上面的时间地点参加考核：{{链接}}' + FOOTER,
  },
  'deadline-reminder': {
    name: '截止提醒',
    audience: 'teacher',
    placeholders: {
      ...common,
      学院: '二级学院',
      事项: '截止的事项',
      截止时间: '本院的截止时间',
      天数: '还剩几天',
      待办: '本院还没完成的事，每行一件',
    },
    subject: '【{{批次}}】{{事项}}还剩 {{天数}} 天截止（{{截止时间}}）',
    body:
      '{{学院}}的老师：\n\n{{事项}}将于 {{截止时间}} 截止，本院还有以下事项没有完成：\n\n{{待办}}\n\n处理：{{链接}}' +
      FOOTER,
  },
} satisfies Record<string, MailTemplateSpec>;

export type MailKind = keyof typeof MAIL_TEMPLATES;
export const MAIL_KINDS = Object.keys(MAIL_TEMPLATES) as MailKind[];
export const AUDIENCE_NAMES: Record<Audience, string> = {
  teacher: '指定老师',
  office: '继续教育学院',
  student: '考生',
};

export const isMailKind = (kind: string): kind is MailKind => kind in MAIL_TEMPLATES;

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;

/** Fills {{名称}} placeholders; a placeholder the event does not supply is left visible. */
export function fillTemplate(text: string, values: Record<string, string | number>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export const messages = {
  subject: '邮件标题不能为空，也不能超过 150 个字',
  body: '邮件正文不能为空，也不能超过 5000 个字',
  newline: '邮件标题只能有一行',
  unknown: (names: string[], kind: MailKind) =>
    `模板里的 ${names.map((n) => `{{${n}}}`).join('、')} 不是这类邮件提供的内容；可用的有：${Object.keys(
      MAIL_TEMPLATES[kind].placeholders,
    )
      .map((n) => `{{${n}}}`)
      .join('、')}`,
};

/** What is wrong with an edited template, as sentences for the office; empty when it is usable. */
export function templateProblems(kind: MailKind, text: MailTemplateText): string[] {
  const problems: string[] = [];
  const subject = text.subject.trim();
  if (!subject || subject.length > 150) problems.push(messages.subject);
  if (/[\r\n]/.test(subject)) problems.push(messages.newline);
  if (!text.body.trim() || text.body.length > 5000) problems.push(messages.body);
  const known = MAIL_TEMPLATES[kind].placeholders as Record<string, string>;
  const unknown = [...`${text.subject}\n${text.body}`.matchAll(PLACEHOLDER)]
    .map((m) => m[1])
    .filter((n) => !(n in known));
  if (unknown.length) problems.push(messages.unknown([...new Set(unknown)], kind));
  return problems;
}
