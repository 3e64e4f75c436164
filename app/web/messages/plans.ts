// The words of evaluation plans (teacher-plans.ts, office-plans.ts): page titles, notices after an
// action, the summary workbook's file name.

export const titles = {
  departmentPlan: '评价计划',
  editRow: '修改计划行',
  summary: '评价计划汇总',
  holidays: '节假日与调休',
} as const;

export const notices = {
  rowAdded: '已添加一行计划（尚未提交，全部填好后请点“提交评价计划”）',
  rowSaved: '这一行已保存',
  rowRemoved: '已删除这一行',
  contactSaved: '联系人已保存',
  submitted: (rows: number, headcount: number) => `评价计划已提交继续教育学院：${rows} 个项目，计划 ${headcount} 人`,
  returned: '已退回该学院的评价计划，老师会看到退回原因',
  returnedClosed: (at: string) =>
    `已退回该学院的评价计划。注意：该学院的计划截止时间 ${at} 已过，老师要修改重交，需先在“评价批次”中为该学院延长“评价计划截止”`,
  accepted: '已接收该学院的评价计划',
  holidayAdded: (day: string, name: string) => `已添加 ${day}（${name}）`,
  holidayRemoved: '已删除这一天',
} as const;

export const fileNames = {
  summary: (batch: string) => `评价计划汇总表-${batch}.xlsx`,
} as const;
