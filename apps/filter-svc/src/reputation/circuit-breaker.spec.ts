import { CircuitBreaker } from './circuit-breaker';
import { ProviderError } from './reputation.types';

describe(CircuitBreaker.name, () => {
  it('opens after N consecutive failures, fails fast, then closes after a good trial call', async () => {
    let now = 0;
    const opened: string[] = [];
    const sut = new CircuitBreaker('ipqs', {
      failureThreshold: 2,
      cooldownMs: 1_000,
      now: () => now,
      onOpen: (e) => opened.push(e),
    });
    const fail = () => Promise.reject(new Error('boom'));
    await expect(sut.run(fail)).rejects.toThrow('boom');
    expect(sut.state).toBe('closed');
    await expect(sut.run(fail)).rejects.toThrow('boom');
    expect(sut.state).toBe('open');
    expect(opened).toEqual(['boom']);

    let called = false;
    await expect(sut.run(async () => (called = true))).rejects.toBeInstanceOf(ProviderError);
    expect(called).toBe(false);

    now = 1_001;
    await expect(sut.run(fail)).rejects.toThrow('boom');
    expect(sut.state).toBe('open');
    now = 2_002;
    await expect(sut.run(async () => 'ok')).resolves.toBe('ok');
    expect(sut.state).toBe('closed');
  });
});
