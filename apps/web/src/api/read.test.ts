import { describe, expect, it } from 'vitest';

import { at, bool, list, num, str } from './read';

describe('defensive readers', () => {
  const value = { a: { b: [1, { c: '2.5' }] }, t: true, s: 'x' };
  it('reads nested fields and converts numeric strings', () => {
    expect(at(value, 'a', 'b', 0)).toBe(1);
    expect(num(value, 'a', 'b', 1, 'c')).toBe(2.5);
    expect(str(value, 's')).toBe('x');
    expect(bool(value, 't')).toBe(true);
    expect(list(value, 'a', 'b')).toHaveLength(2);
  });
  it('answers undefined/empty for missing or mistyped fields', () => {
    expect(num(value, 's')).toBeUndefined();
    expect(num(undefined, 'x')).toBeUndefined();
    expect(str(null, 'x')).toBeUndefined();
    expect(list(value, 's')).toEqual([]);
    expect(bool(value, 's')).toBeUndefined();
  });
});
