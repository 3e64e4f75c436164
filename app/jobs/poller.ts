// Runs one piece of work again and again, a pause apart, never two at once; stop() waits for the
// run in flight so nothing touches a closed database.
export class Poller {
  private timer: NodeJS.Timeout | null = null;
  private busy: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly work: () => Promise<unknown>,
    private readonly everyMs: number,
    private readonly log: (message: string) => void,
  ) {}

  start(): void {
    const tick = () => {
      this.busy = this.work().catch((e) => this.log((e as Error).stack ?? String(e)));
      this.busy.finally(() => {
        if (this.timer) this.timer = setTimeout(tick, this.everyMs);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.busy;
  }
}
