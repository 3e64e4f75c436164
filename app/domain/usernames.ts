// One spelling per login name. NFKC folds full-width forms (ｔｅａｃｈｅｒＢ, Ａ０００１) and other
// compatibility characters to their plain form, then case is folded: every name is stored, looked
// up and throttled in this form, so "TeacherB" and "teacherb" are one account with one failure count.
export function normalizeUsername(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase();
}
