// The words of the office's own pages (office-batches.ts, office-catalog.ts, office-departments.ts,
// office-mail.ts, office-audit.ts, office-home.ts): page titles and notices after an action.

export const titles = {
  home: '继续教育学院工作台',
  batches: '评价批次',
  newBatch: '新建评价批次',
  editBatch: (batch: string) => `修改批次：${batch}`,
  catalog: '评价项目目录',
  newItem: '新增项目',
  editItem: (item: string) => `修改：${item}`,
  departments: '二级学院',
  editDepartment: (department: string) => `修改：${department}`,
  teachers: '指定老师',
  mail: '邮件通知',
  mailMessage: (subject: string) => `邮件：${subject}`,
  mailTemplate: '修改邮件模板',
  audit: '操作日志',
} as const;

export const notices = {
  batchCreated: (batch: string) => `已新建批次“${batch}”`,
  batchSaved: '批次已保存',
  /** A batch's save notice followed by what became of its plan step. */
  withPlanNote: (saved: string, planNote: string) => `${saved}。${planNote}`,
  deadlineExtended: '已为该学院延长截止时间',
  itemAdded: (item: string) => `已新增“${item}”`,
  saved: '已保存',
  departmentAdded: (department: string) => `已添加二级学院“${department}”`,
  teacherCreated: (displayName: string, username: string) => `已为 ${displayName} 创建账号 ${username}`,
  teacherEmailSet: (email: string) => `邮箱已改为 ${email}`,
  teacherEmailCleared: '已清除邮箱，这位老师将收不到通知邮件',
  passwordReset: '密码已重置，对方首次登录须修改',
  accountEnabled: '账号已启用',
  accountDisabled: '账号已停用',
  failedMailRequeued: (count: number) => `已把 ${count} 封失败的邮件重新排队发送`,
  noFailedMail: '没有发送失败的邮件',
  mailRequeued: '已重新排队发送',
  templateSaved: '模板已保存，之后产生的邮件使用新的写法',
  templateReset: '已恢复默认写法',
} as const;
