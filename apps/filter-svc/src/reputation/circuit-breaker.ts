import { ProviderError } from './reputation.types';

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  readonly failureThreshold: number;
  readonly cooldownMs: number;
  readonly now?: () => number;
  /** Called when the circuit opens (alerting). */
  readonly onOpen?: (lastError: string) => void;
  readonly onStateChange?: (state: CircuitState) => void;
}

/**
 * Classic breaker per provider: after N consecutive failures calls fail fast for a cooldown,
 * then one trial call decides whether to close again. Keeps a dead provider from adding its
 * timeout to every START.
 */
export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private trialInFlight = false;
  private current: CircuitState = 'closed';

  constructor(
    readonly name: string,
    private readonly options: CircuitBreakerOptions,
  ) {}

  get state(): CircuitState {
    return this.current;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const now = (this.options.now ?? Date.now)();
    if (this.current === 'open') {
      if (now < this.openUntil || this.trialInFlight) {
        throw new ProviderError(this.name, 'circuit_open', 'circuit open after repeated failures');
      }
      this.setState('half_open');
    } else if (this.current === 'half_open' && this.trialInFlight) {
      throw new ProviderError(this.name, 'circuit_open', 'circuit half-open, trial call in flight');
    }
    const trial = this.current === 'half_open';
    if (trial) this.trialInFlight = true;
    try {
      const result = await fn();
      this.failures = 0;
      this.setState('closed');
      return result;
    } catch (err) {
      this.failures += 1;
      if (trial || this.failures >= this.options.failureThreshold) {
        this.openUntil = (this.options.now ?? Date.now)() + this.options.cooldownMs;
        const wasOpen = this.current === 'open';
        this.setState('open');
        if (!wasOpen) this.options.onOpen?.(err instanceof Error ? err.message : String(err));
      }
      throw err;
    } finally {
      if (trial) this.trialInFlight = false;
    }
  }

  private setState(state: CircuitState): void {
    if (state === this.current) return;
    this.current = state;
    this.options.onStateChange?.(state);
  }
}
