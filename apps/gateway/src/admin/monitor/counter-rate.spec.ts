import { CounterRate } from './counter-rate';

describe('CounterRate', () => {
  it('has no rate for the first sample of a source, then the increase per second', () => {
    const r = new CounterRate();
    expect(r.next('a:1', 100, 1_000)).toBeNull();
    expect(r.next('a:1', 110, 3_000)).toEqual({ delta: 10, perS: 5 });
  });

  it('keeps sources apart: another replica’s counter is not subtracted from this one’s', () => {
    const r = new CounterRate();
    r.next('a:1', 1_000, 0);
    expect(r.next('b:2', 5, 2_000)).toBeNull();
    expect(r.next('a:1', 1_004, 4_000)).toEqual({ delta: 4, perS: 1 });
  });

  it('counts from zero after a reset (a restarted process, a new UTC day)', () => {
    const r = new CounterRate();
    r.next('a:1', 500, 0);
    expect(r.next('a:1', 20, 2_000)).toEqual({ delta: 20, perS: 10 });
  });
});
