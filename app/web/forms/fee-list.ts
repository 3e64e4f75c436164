// Which slice of a fee list a page shows (class, filter, page), read from a query string or from the
// hidden fields a form on that page carries, so that after ticking, a refund or a refusal the
// teacher lands on the same slice. Anything unexpected is simply no filter.
import { LINE_FILTERS, type LineFilterKey } from '../../domain/ledger.js';
import type { ListView } from '../../services/fees/fee-reports.js';
import { page, text } from './fields.js';

const isFilter = (value: string): value is LineFilterKey => Object.hasOwn(LINE_FILTERS, value);

export function listViewFrom(source: Record<string, unknown> | undefined): ListView {
  const className = text(source, 'class').slice(0, 80);
  const filter = text(source, 'filter');
  return { className: className || undefined, filter: isFilter(filter) ? filter : undefined, page: page(source ?? {}) };
}

/** The filters as query keys, for the pager and the links that must keep them (no page: the pager adds it). */
export function listQuery(batchId: number | '', view: ListView): Record<string, string> {
  return { batch: String(batchId), class: view.className ?? '', filter: view.filter ?? '' };
}

/** The address of that slice; only fields parsed above go into it, so it never leaves the list. */
export function listUrl(base: string, batchId: number | '', view: ListView): string {
  const query = new URLSearchParams(Object.entries(listQuery(batchId, view)).filter(([, v]) => v !== ''));
  if (view.page > 1) query.set('page', String(view.page));
  return `${base}?${query.toString()}`;
}

/** The filter choices a list offers, in the order shown. */
export const FILTER_OPTIONS = Object.entries(LINE_FILTERS).map(([value, f]) => ({ value, name: f.name }));
