// The words of signing in and of one's own account (auth.ts, account.ts, teacher-home.ts): page
// titles, notices after an action, how a refused sign-in lists its problems.

export const titles = {
  login: '登录',
  password: '修改密码',
  accountEmail: '我的邮箱',
  teacherHome: '本院工作台',
} as const;

export const notices = {
  passwordChanged: '密码已修改',
  emailSet: (email: string) => `通知邮件将发到 ${email}`,
  emailCleared: '已清除邮箱，你将收不到通知邮件',
} as const;

export const refusals = {
  /** The problems of a refused form, on one line. */
  listed: (details: string[]) => details.join('；'),
} as const;
