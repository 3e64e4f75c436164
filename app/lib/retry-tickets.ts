// When a refused request should come back, in whole seconds. Like numbered tickets: each refusal
// gets the next free moment after the queue ahead of it has drained, so a crowd refused together
// comes back spread over the seconds the server needs rather than all at once.
const MAX_SECONDS = 60;

export class RetryTickets {
  private nextSlotAt = 0;

  /** `drainMs`: how long the work already waiting will take; `perRequestMs`: each one's share of the server. */
  next(drainMs: number, perRequestMs: number, now = Date.now()): number {
    this.nextSlotAt = Math.max(this.nextSlotAt, now + drainMs) + perRequestMs;
    return Math.min(MAX_SECONDS, Math.max(1, Math.ceil((this.nextSlotAt - now) / 1000)));
  }
}
