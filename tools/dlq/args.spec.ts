import { parseArgs, UsageError } from './args';

describe('dlq parseArgs', () => {
  it('reads commands, options and the environment', () => {
    expect(parseArgs(['list'], { NATS_URL: 'nats://n:4222', NATS_PREFIX: 'T_' })).toEqual({
      nats: 'nats://n:4222',
      prefix: 'T_',
      run: { command: 'list', consumer: undefined, limit: 50 },
    });
    expect(parseArgs(['list', '--consumer', 'ledger-income', '--limit', '5']).run).toEqual({
      command: 'list',
      consumer: 'ledger-income',
      limit: 5,
    });
    expect(parseArgs(['show', '12', '--nats', 'nats://x:1', '--prefix', '']).run).toEqual({
      command: 'show',
      seq: 12,
    });
    expect(parseArgs(['replay', '3', '7']).run).toEqual({
      command: 'replay',
      seqs: [3, 7],
      all: false,
      consumer: undefined,
      dryRun: false,
    });
    expect(parseArgs(['discard', '--all', '--consumer', 'notify', '--dry-run']).run).toEqual({
      command: 'discard',
      seqs: [],
      all: true,
      consumer: 'notify',
      dryRun: true,
    });
    expect(parseArgs([]).run).toEqual({ command: 'help' });
    expect(parseArgs(['list', '--help']).run).toEqual({ command: 'help' });
  });

  it.each([
    [['purge'], /unknown command/],
    [['list', '--wat'], /unknown option/],
    [['show'], /exactly one/],
    [['show', '0'], /positive integer/],
    [['show', 'x1'], /positive integer/],
    [['replay'], /sequence numbers or --all/],
    [['replay', '4', '--all'], /sequence numbers or --all/],
    [['replay', '4', '--consumer', 'a'], /--consumer goes with --all/],
    [['list', '--limit', '0'], /--limit/],
    [['list', '--consumer', 'a.b'], /--consumer may hold/],
    [['list', '--prefix', 'x-y'], /--prefix may hold/],
    [['list', '--nats'], /needs a value/],
    [['list', '4'], /no sequence numbers/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});
