// Chinese names of codes that several presenters show.
export const ROLE_NAMES: Record<string, string> = {
  office: '继续教育学院',
  teacher: '二级学院指定老师',
  student: '学生',
  system: '系统',
};
