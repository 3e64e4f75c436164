// A form's required text with a length limit (a name, a reason, a voucher number): trimmed, and
// refused in the caller's words — which say the limit — when it is empty or too long.
import { invalid } from './errors.js';

export function requiredText(raw: string, limit: number, refusal: string): string {
  const text = raw.trim();
  if (!text || text.length > limit) throw invalid(refusal);
  return text;
}
