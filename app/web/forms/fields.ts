// Reading HTML form fields: everything arrives as strings (or arrays of them, or nothing).
type Body = Record<string, unknown> | undefined;

export function text(body: Body, name: string): string {
  const value = body?.[name];
  return typeof value === 'string' ? value.trim() : '';
}

export function list(body: Body, name: string): string[] {
  const value = body?.[name];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

export function checkbox(body: Body, name: string): boolean {
  return list(body, name).some((v) => v === 'on' || v === '1' || v === 'true');
}

export function int(body: Body, name: string): number {
  const raw = text(body, name);
  return /^-?\d{1,9}$/.test(raw) ? Number(raw) : NaN;
}

/** A positive integer route parameter, or NaN (which no row has). */
export function idParam(value: string | string[] | undefined): number {
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : NaN;
}

export function page(query: Record<string, unknown>): number {
  const n = Number(query.page);
  return Number.isInteger(n) && n >= 1 && n <= 100000 ? n : 1;
}
