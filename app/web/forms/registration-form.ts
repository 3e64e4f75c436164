// Registration forms: a grade choice is "itemId:level" (one radio group, so one grade item),
// special choices are item ids (checkboxes). Anything malformed becomes an id no item has, and
// the service refuses it like any other tampered value.
import type { ChoiceInput } from '../../services/registration/registrations.js';
import type { Attempt } from '../../domain/fees.js';
import { list, text } from './fields.js';

type Body = Record<string, unknown> | undefined;

const number = (raw: string | undefined) => (raw && /^\d{1,9}$/.test(raw) ? Number(raw) : NaN);

/** "12:4" → grade item 12 at level 4; "7" or "7:" → special item 7. */
export function parseItemValue(value: string, attempt: Attempt): ChoiceInput {
  const [id, level] = value.split(':');
  return { itemId: number(id), level: level ? number(level) : null, attempt };
}

export function selfChoices(body: Body): ChoiceInput[] {
  const choices: ChoiceInput[] = [];
  const grade = text(body, 'grade');
  if (grade && grade !== 'none') choices.push(parseItemValue(grade, 'initial'));
  for (const id of list(body, 'special')) choices.push({ itemId: number(id), level: null, attempt: 'initial' });
  return choices;
}

/** The choices as hidden fields again, for the confirmation step. */
export function choiceFields(choices: ChoiceInput[]): Array<[string, string]> {
  return choices.map((c) => (c.level === null ? ['special', String(c.itemId)] : ['grade', `${c.itemId}:${c.level}`]));
}

/** The choices a form comes back with (返回修改): only the fields the form itself has. */
export function returnedChoices(query: Body): { grade?: string; special?: string[]; heldNone?: string } {
  const grade = text(query, 'grade');
  return {
    ...(grade ? { grade } : {}),
    special: list(query, 'special'),
    ...(text(query, 'heldNone') ? { heldNone: 'on' } : {}),
  };
}
