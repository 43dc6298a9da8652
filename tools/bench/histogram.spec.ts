import { LatencyHistogram } from './histogram';

describe(LatencyHistogram.name, () => {
  it('is exact for small values', () => {
    const sut = new LatencyHistogram();
    for (let v = 1; v <= 100; v++) sut.record(v);
    expect(sut.count).toBe(100);
    expect(sut.percentile(50)).toBe(50);
    expect(sut.percentile(99)).toBe(99);
    expect(sut.percentile(100)).toBe(100);
    expect(sut.min).toBe(1);
    expect(sut.max).toBe(100);
    expect(sut.mean).toBeCloseTo(50.5);
  });

  it('stays within 0.1 % for large values, compared with sorted samples', () => {
    const sut = new LatencyHistogram();
    const samples: number[] = [];
    let seed = 42;
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      // Log-uniform between 100 µs and ~10 s, like real latencies with a long tail.
      const value = Math.round(100 * 10 ** ((seed / 2 ** 31) * 5));
      samples.push(value);
      sut.record(value);
    }
    samples.sort((a, b) => a - b);
    for (const p of [50, 90, 95, 99, 99.9]) {
      const exact = samples[Math.ceil((p / 100) * samples.length) - 1];
      const got = sut.percentile(p);
      expect(got).toBeGreaterThanOrEqual(exact);
      expect(got).toBeLessThanOrEqual(exact * 1.001 + 1);
    }
    expect(sut.max).toBe(samples[samples.length - 1]);
  });

  it('reports zeros when empty', () => {
    const sut = new LatencyHistogram();
    expect([sut.count, sut.min, sut.max, sut.mean, sut.percentile(99)]).toEqual([0, 0, 0, 0, 0]);
  });
});
