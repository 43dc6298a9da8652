import { FORBIDDEN_IN_LINE, FORBIDDEN_IN_TEXT } from '../contract/fields';
import { findControlCharacter } from './input-guard';

describe('findControlCharacter', () => {
  it('names the first string (or key) holding a forbidden character', () => {
    expect(findControlCharacter({ a: 'ok', b: { c: ['x', 'y\u0000'] } }, FORBIDDEN_IN_TEXT)).toBe(
      'b.c.1',
    );
    expect(findControlCharacter({ 'k\u0001': 1 }, FORBIDDEN_IN_TEXT)).toBe('(key)');
    expect(findControlCharacter('\u007f', FORBIDDEN_IN_TEXT)).toBe('');
    expect(findControlCharacter({ n: 1, b: true, z: null }, FORBIDDEN_IN_LINE)).toBeUndefined();
  });

  it('lets free text keep tab and line breaks, one-line values nothing of the range', () => {
    const note = { note: 'one\r\ntwo\tthree' };
    expect(findControlCharacter(note, FORBIDDEN_IN_TEXT)).toBeUndefined();
    expect(findControlCharacter(note, FORBIDDEN_IN_LINE)).toBe('note');
    for (const c of ['\u0000', '\u0008', '\u000b', '\u001b', '\u001f', '\u007f']) {
      expect(findControlCharacter({ note: `a${c}` }, FORBIDDEN_IN_TEXT)).toBe('note');
    }
    // Printable text, Cyrillic and emoji included, passes.
    expect(
      findControlCharacter({ q: 'Bugungi narx — цена 💸' }, FORBIDDEN_IN_LINE),
    ).toBeUndefined();
  });
});
