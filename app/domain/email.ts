// E-mail addresses typed by staff and students: one address, no display name, no list.
const ADDRESS = /^[^\s@,;<>"()[\]\\]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

export const messages = {
  invalid: (text: string) =>
    `“${text}”不是有效的邮箱地址：请只填一个地址，例如 zhangsan@example.edu.cn；不想收邮件可以留空`,
};

/** The address to store (domain lower-cased), or null when left empty; a refusal says why. */
export function parseEmail(text: string): { ok: true; email: string | null } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (!trimmed) return { ok: true, email: null };
  if (trimmed.length > 120 || !ADDRESS.test(trimmed))
    return { ok: false, message: messages.invalid(trimmed.slice(0, 60)) };
  const at = trimmed.lastIndexOf('@');
  return { ok: true, email: trimmed.slice(0, at + 1) + trimmed.slice(at + 1).toLowerCase() };
}
