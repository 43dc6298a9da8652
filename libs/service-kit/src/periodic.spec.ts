import { Periodic } from './periodic';

describe(Periodic.name, () => {
  it('never overlaps runs, reports failures, and stop waits for the run in hand', async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    let finished = 0;
    const errors: unknown[] = [];
    const p = new Periodic(
      async () => {
        runs += 1;
        active += 1;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, 35));
        active -= 1;
        finished += 1;
        if (runs === 2) throw new Error('boom');
      },
      10,
      (err) => errors.push(err),
    );
    p.start();
    p.start(); // a second start is a no-op
    await new Promise((r) => setTimeout(r, 130));
    await p.stop();
    const afterStop = runs;
    expect(maxActive).toBe(1);
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(finished).toBe(runs); // stop waited for the last run
    expect(errors).toEqual([new Error('boom')]);
    await new Promise((r) => setTimeout(r, 40));
    expect(runs).toBe(afterStop);
  });

  it('reschedule changes the interval of a running timer and leaves a stopped one stopped', async () => {
    jest.useFakeTimers();
    try {
      let runs = 0;
      const p = new Periodic(
        async () => void (runs += 1),
        1_000,
        () => undefined,
      );
      p.start();
      await jest.advanceTimersByTimeAsync(3_000);
      expect(runs).toBe(3);
      p.reschedule(100);
      expect(p.intervalMs).toBe(100);
      await jest.advanceTimersByTimeAsync(1_000);
      expect(runs).toBe(13);
      await p.stop();
      p.reschedule(50);
      await jest.advanceTimersByTimeAsync(1_000);
      expect(runs).toBe(13);
    } finally {
      jest.useRealTimers();
    }
  });
});
