// What a student may do on their own page, decided once: the home page shows a button only when
// the service behind it would accept the same request (seed 004 报考工作须知 §二.3: two items at
// most, registered and cancelled by the student while the registration window is open).
import type { WindowState } from './deadlines.js';
import { MAX_ITEMS_PER_BATCH } from './eligibility.js';

/** Who made a registration: the student, the department's teacher, the office, or an import. */
export type Channel = 'self' | 'teacher' | 'office' | 'import';

/** Whether 去报名/再报一个项目 is offered: the window is open and a place of the two is free. */
export function canAddItem(window: WindowState | null, activeItems: number): boolean {
  return window === 'open' && activeItems < MAX_ITEMS_PER_BATCH;
}

/**
 * Why the student may not cancel this registration themselves, or null when they may: one the
 * department or the office made is cancelled by them; after the window only the teacher can.
 */
export function selfCancelRefusal(
  registration: { channel: Channel; status: string },
  window: WindowState,
): 'not-self' | 'window' | 'cancelled' | null {
  if (registration.channel !== 'self') return 'not-self';
  if (window !== 'open') return 'window';
  if (registration.status !== 'active') return 'cancelled';
  return null;
}
