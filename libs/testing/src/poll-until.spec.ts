import { pollUntil } from './poll-until';

describe(pollUntil.name, () => {
  it('resolves with the first truthy value', async () => {
    let calls = 0;
    const value = await pollUntil(() => (++calls >= 3 ? { calls } : undefined), { intervalMs: 1 });
    expect(value).toEqual({ calls: 3 });
  });

  it('treats a throwing attempt as not yet', async () => {
    let calls = 0;
    await expect(
      pollUntil(
        async () => {
          calls += 1;
          if (calls < 2) throw new Error('not ready');
          return 'ready';
        },
        { intervalMs: 1 },
      ),
    ).resolves.toBe('ready');
  });

  it('names what it waited for, how long, and the last value on timeout', async () => {
    await expect(
      pollUntil(() => 0, { timeoutMs: 60, intervalMs: 10, description: 'the balance to change' }),
    ).rejects.toThrow(
      /^pollUntil timed out after 60 ms waiting for the balance to change \(\d+ attempts; last value: 0\)$/,
    );
  });

  it('reports the last error on timeout', async () => {
    await expect(
      pollUntil(
        () => {
          throw new Error('connection refused');
        },
        { timeoutMs: 30, intervalMs: 10 },
      ),
    ).rejects.toThrow(/waiting for condition .*last attempt threw: connection refused/);
  });
});
