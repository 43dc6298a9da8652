// `npm run dlq -- list | show SEQ | replay SEQ...|--all | discard SEQ...|--all` (see args.ts):
// the operator's view of the dead-letter stream. Consumers move an event there after
// MAX_DELIVER failed deliveries (alert: events_dead_lettered_total); once the cause is fixed,
// replay puts it back on its original subject, where each consumer's inbox keeps the effect single.
import { connect, type NatsConnection } from 'nats';

import { DeadLetters, dlqStreamName, type DeadLetter } from '@trafficshare/messaging';

import { parseArgs, USAGE, UsageError, type DlqOptions } from './args';

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function summary(l: DeadLetter): string {
  return [
    String(l.seq).padStart(6),
    l.deadAt.toISOString(),
    l.consumer.padEnd(18),
    l.type.padEnd(22),
    l.eventId || '(no event id)',
    `x${l.deliveries}`,
    l.error,
  ].join('  ');
}

async function targets(dlq: DeadLetters, o: DlqOptions): Promise<number[]> {
  const run = o.run;
  if (run.command !== 'replay' && run.command !== 'discard') return [];
  if (!run.all) return [...run.seqs];
  return (await dlq.list({ consumer: run.consumer })).map((l) => l.seq);
}

async function execute(nc: NatsConnection, o: DlqOptions): Promise<number> {
  const dlq = new DeadLetters(nc, o.prefix);
  const run = o.run;
  switch (run.command) {
    case 'help':
      out(USAGE);
      return 0;
    case 'list': {
      const letters = await dlq.list({ consumer: run.consumer, limit: run.limit });
      if (letters.length === 0) {
        out(`the DLQ is empty${run.consumer ? ` for consumer ${run.consumer}` : ''}`);
        return 0;
      }
      out(
        `${'seq'.padStart(6)}  ${'dead at'.padEnd(24)}  ${'consumer'.padEnd(18)}  ${'type'.padEnd(22)}  event id  deliveries  error`,
      );
      for (const l of letters) out(summary(l));
      if (letters.length === run.limit) out(`(first ${run.limit}; --limit N shows more)`);
      return 0;
    }
    case 'show': {
      const l = await dlq.get(run.seq);
      if (!l) {
        out(`no dead letter with seq ${run.seq} (npm run dlq -- list shows what is there)`);
        return 1;
      }
      const decoded = DeadLetters.decode(l);
      out(
        JSON.stringify(
          {
            seq: l.seq,
            dead_at: l.deadAt.toISOString(),
            consumer: l.consumer,
            type: l.type,
            event_id: l.eventId,
            error: l.error,
            deliveries: l.deliveries,
            original_subject: l.originalSubject,
            original_seq: l.originalSeq,
            headers: l.headers,
            ...(decoded.error ? { undecodable: decoded.error, bytes: l.data.length } : {}),
            message: decoded.message,
          },
          null,
          2,
        ),
      );
      return 0;
    }
    case 'replay':
    case 'discard': {
      const seqs = await targets(dlq, o);
      if (seqs.length === 0) {
        out('nothing to do: no matching dead letters');
        return 0;
      }
      let failed = 0;
      for (const [i, seq] of seqs.entries()) {
        const step = `[${i + 1}/${seqs.length}] seq ${seq}`;
        try {
          if (run.dryRun) {
            const l = await dlq.get(seq);
            out(
              l
                ? `${step}: would ${run.command} ${l.type} ${l.eventId} (consumer ${l.consumer})`
                : `${step}: no such letter`,
            );
            if (!l) failed += 1;
          } else if (run.command === 'replay') {
            const r = await dlq.replay(seq);
            out(
              `${step}: replayed on ${r.subject}${r.duplicate ? ' (JetStream already had this copy: an earlier replay was interrupted)' : ''}`,
            );
          } else {
            const removed = await dlq.discard(seq);
            out(`${step}: ${removed ? 'discarded' : 'no such letter'}`);
            if (!removed) failed += 1;
          }
        } catch (err) {
          failed += 1;
          out(`${step}: failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      out(
        `${seqs.length - failed} of ${seqs.length} ${run.dryRun ? 'would be ' : ''}${run.command === 'replay' ? 'replayed' : 'discarded'}${failed ? `, ${failed} failed (see above)` : ''}`,
      );
      return failed ? 1 : 0;
    }
  }
}

async function main(): Promise<number> {
  let options: DlqOptions;
  try {
    options = parseArgs(process.argv.slice(2), process.env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.run.command === 'help') {
    out(USAGE);
    return 0;
  }
  let nc: NatsConnection;
  try {
    nc = await connect({ servers: options.nats, name: 'dlq-tool', timeout: 5_000 });
  } catch (err) {
    process.stderr.write(
      `cannot reach NATS at ${options.nats} (${err instanceof Error ? err.message : String(err)}): start it (npm start does) or pass --nats URL\n`,
    );
    return 1;
  }
  try {
    return await execute(nc, options);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/stream not found/i.test(message)) {
      process.stderr.write(
        `there is no ${dlqStreamName(options.prefix)} stream on ${options.nats}: the services create it when they start (npm start), or check --prefix\n`,
      );
      return 1;
    }
    throw err;
  } finally {
    await nc.drain();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `[dlq] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
