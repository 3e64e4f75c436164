// Reading HTML form fields: everything arrives as strings (or arrays of them, or nothing).
import { badRequest, notFound } from '../../domain/errors.js';
import { messages as pageMessages } from '../middleware/errors.js';

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

// Ids are SQL INT primary keys: plain decimal digits, 1..2147483647. "1e3", "+7", " 7", "007",
// "-1" or a number past the INT range is no id of ours; neither is a repeated key (an array).
const SQL_INT_MAX = 2147483647;

export const messages = {
  staleForm: '表单内容不完整或已过期：请刷新页面后重新提交',
};

/** The id a raw value names, or null when it names none. */
export function parseId(raw: unknown): number | null {
  if (typeof raw !== 'string' || !/^[1-9]\d{0,9}$/.test(raw)) return null;
  const n = Number(raw);
  return n <= SQL_INT_MAX ? n : null;
}

/** An id in the path: anything else names no page (404). */
export function idParam(value: unknown): number {
  const id = parseId(value);
  if (id === null) throw notFound(pageMessages.notFound);
  return id;
}

/** An optional id in the query (?batch=): absent or empty means "none chosen"; anything else that is not an id names no page. */
export function idQuery(query: Body, name: string): number | undefined {
  const raw = query?.[name];
  if (raw === undefined || raw === '') return undefined;
  return idParam(raw);
}

/** An id a form carries in a hidden field or a select: anything else is a tampered or stale page (400). */
export function idField(body: Body, name: string): number {
  const id = parseId(body?.[name]);
  if (id === null) throw badRequest(messages.staleForm);
  return id;
}

/** Ticked ids (checkboxes): each one must be an id. */
export function idList(body: Body, name: string): number[] {
  return list(body, name).map((raw) => {
    const id = parseId(raw);
    if (id === null) throw badRequest(messages.staleForm);
    return id;
  });
}

/** An id a form may leave unchosen (a select with a blank first option): the id, or null. */
export function optionalId(source: Body, name: string): number | null {
  return parseId(source?.[name]);
}

/** An id to put back into a link (the page a refused form returns to): the id, or empty. */
export function idOrEmpty(source: Body, name: string): number | '' {
  return parseId(source?.[name]) ?? '';
}

export function page(query: Record<string, unknown>): number {
  const n = Number(query.page);
  return Number.isInteger(n) && n >= 1 && n <= 100000 ? n : 1;
}
