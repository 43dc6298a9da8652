// Arguments of `npm run dlq` (see USAGE).

export const USAGE = `usage: npm run dlq -- <command> [options]
  list     [--consumer NAME] [--limit N]        dead letters, oldest first (default limit 50)
  show     SEQ                                  one letter: headers, error, decoded payload
  replay   SEQ... | --all [--consumer NAME]     publish again on the original subject, then
           [--dry-run]                          remove from the DLQ (each consumer's inbox
                                                skips what it already applied)
  discard  SEQ... | --all [--consumer NAME]     remove without replaying
           [--dry-run]
options: --nats URL (default $NATS_URL or nats://127.0.0.1:4222), --prefix P (default $NATS_PREFIX)`;

export class UsageError extends Error {}

export type DlqCommand =
  | { readonly command: 'list'; readonly consumer?: string; readonly limit: number }
  | { readonly command: 'show'; readonly seq: number }
  | {
      readonly command: 'replay' | 'discard';
      readonly seqs: readonly number[];
      readonly all: boolean;
      readonly consumer?: string;
      readonly dryRun: boolean;
    }
  | { readonly command: 'help' };

export interface DlqOptions {
  readonly nats: string;
  readonly prefix: string;
  readonly run: DlqCommand;
}

const COMMANDS = ['list', 'show', 'replay', 'discard'] as const;

function seqOf(value: string): number {
  if (!/^\d{1,15}$/.test(value) || Number(value) < 1)
    throw new UsageError(`"${value}" is not a DLQ sequence number (a positive integer)`);
  return Number(value);
}

export function parseArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): DlqOptions {
  let nats = env.NATS_URL || 'nats://127.0.0.1:4222';
  let prefix = env.NATS_PREFIX ?? '';
  let consumer: string | undefined;
  let limit = 50;
  let all = false;
  let dryRun = false;
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--help' || a === '-h') return { nats, prefix, run: { command: 'help' } };
    else if (a === '--nats') nats = value();
    else if (a === '--prefix') prefix = value();
    else if (a === '--consumer') consumer = value();
    else if (a === '--limit') {
      const v = value();
      if (!/^\d{1,6}$/.test(v) || Number(v) < 1)
        throw new UsageError('--limit must be between 1 and 999999');
      limit = Number(v);
    } else if (a === '--all') all = true;
    else if (a === '--dry-run') dryRun = true;
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else positional.push(a);
  }
  if (!/^[A-Za-z0-9_]*$/.test(prefix))
    throw new UsageError('--prefix may hold only letters, digits and _');
  if (consumer !== undefined && !/^[A-Za-z0-9_-]+$/.test(consumer))
    throw new UsageError('--consumer may hold only letters, digits, _ and -');
  const [command, ...rest] = positional;
  if (command === undefined) return { nats, prefix, run: { command: 'help' } };
  if (!(COMMANDS as readonly string[]).includes(command))
    throw new UsageError(`unknown command "${command}"`);
  switch (command) {
    case 'list':
      if (rest.length > 0) throw new UsageError('list takes no sequence numbers');
      return { nats, prefix, run: { command, consumer, limit } };
    case 'show':
      if (rest.length !== 1) throw new UsageError('show takes exactly one sequence number');
      return { nats, prefix, run: { command, seq: seqOf(rest[0]) } };
    default: {
      const seqs = rest.map(seqOf);
      if (all === seqs.length > 0)
        throw new UsageError(`${command} takes sequence numbers or --all (one of the two)`);
      if (consumer !== undefined && !all)
        throw new UsageError('--consumer goes with --all (sequence numbers name letters already)');
      return {
        nats,
        prefix,
        run: { command: command as 'replay' | 'discard', seqs, all, consumer, dryRun },
      };
    }
  }
}
