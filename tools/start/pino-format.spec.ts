import { formatLogLine as formatWithColours } from './pino-format';

// Colours depend on the terminal running the tests; compare the text.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g');
const formatLogLine = (line: string): string => formatWithColours(line).replace(ANSI, '');

describe(formatWithColours.name, () => {
  const time = new Date(2025, 0, 2, 3, 4, 5, 6).getTime();

  it('prints time, level, context, message and the remaining fields compactly', () => {
    const line = JSON.stringify({
      level: 40,
      time,
      pid: 1,
      hostname: 'h',
      context: 'Ledger',
      msg: 'slow query',
      ms: 120,
      sql: 'select 1',
      traceId: 'abc',
      extra: { a: 1 },
    });
    expect(formatLogLine(line)).toBe(
      '03:04:05.006 WARN  [Ledger] slow query ms=120 sql="select 1" traceId=abc extra={"a":1}',
    );
  });

  it('puts an error stack on the following lines', () => {
    const line = JSON.stringify({
      level: 50,
      time,
      msg: 'failed',
      err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at x (y.ts:1:1)' },
    });
    expect(formatLogLine(line)).toBe(
      '03:04:05.006 ERROR failed err={"type":"Error","message":"boom"}\n    Error: boom\n        at x (y.ts:1:1)',
    );
  });

  it('passes non-pino lines through unchanged', () => {
    expect(formatLogLine('plain text')).toBe('plain text');
    expect(formatLogLine('{ not json')).toBe('{ not json');
    expect(formatLogLine('{"no":"level"}')).toBe('{"no":"level"}');
  });
});
