/**
 * Background work every `everyMs`: a tick that finds the previous run still going is skipped
 * (never two at once), a failed run goes to `onError`, and `stop` waits for the run in hand.
 * The timer does not keep the process alive.
 */
export class Periodic {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly work: () => Promise<unknown>,
    private everyMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** The current interval. */
  get intervalMs(): number {
    return this.everyMs;
  }

  /** A new interval from now on (a run in hand finishes; a stopped one stays stopped). */
  reschedule(everyMs: number): void {
    if (everyMs === this.everyMs) return;
    this.everyMs = everyMs;
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.start();
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.running ??= this.work()
        .then(() => undefined)
        .catch(this.onError)
        .finally(() => (this.running = undefined));
    }, this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
