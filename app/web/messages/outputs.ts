// The words of what the season puts out (office-bundles.ts, print.ts, student-ticket.ts): the
// province's bundle, the printed forms and admission tickets, the ticket's photo.

export const titles = {
  bundles: '省平台材料包',
  print: '打印申报表和准考证',
  applications: '个人申报表',
  tickets: '准考证',
} as const;

export const notices = {
  bundleStarted: '已开始生成材料包：可以离开这个页面，完成后回来下载',
  bundleRestarted: '已重新开始生成材料包',
  numbered: (n: number, notReady: number) =>
    (n ? `已为 ${n} 项报名生成准考证号` : '这次没有可以编号的报名') +
    (notReady ? `；另有 ${notReady} 项材料未接收或费用未缴清，暂不编号（见下方名单）` : ''),
  released: (n: number) => `准考证已发放：考生现在可以查看和打印${n ? `，已通知 ${n} 项报名的考生` : ''}`,
  photoSaved: '照片已保存，准考证上会印这张照片',
} as const;
