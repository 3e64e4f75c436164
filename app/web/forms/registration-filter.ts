// The registration list's filters from a query string; anything unexpected is simply not a filter.
import type { RegistrationFilter } from '../../services/registration/registration-queries.js';

export function filterFrom(query: Record<string, unknown>): RegistrationFilter {
  const n = (key: string) =>
    typeof query[key] === 'string' && /^\d{1,9}$/.test(query[key] as string) ? Number(query[key]) : undefined;
  const pick = <T extends string>(key: string, allowed: T[]) =>
    allowed.includes(query[key] as T) ? (query[key] as T) : undefined;
  return {
    departmentId: n('departmentId'),
    itemId: n('itemId'),
    level: n('level'),
    kind: pick('kind', ['grade', 'special']),
    attempt: pick('attempt', ['initial', 'retake']),
    status: pick('status', ['active', 'cancelled']),
  };
}
