import { randomUUID } from 'node:crypto';

import { register } from 'prom-client';
import type { QueryRunner } from 'typeorm';

import { telemetry } from '@trafficshare/contracts';
import { decodeEvent } from '@trafficshare/messaging';
import { pollUntil } from '@trafficshare/testing';

import { addDays, utcDay } from '../common/dates';
import {
  admin,
  type LedgerHarness,
  newUser,
  report,
  startLedgerHarness,
  transferKind,
  userCaller,
} from '../test/ledger-harness';
import { ReconciliationService } from './reconciliation.service';

async function metricValue(name: string, labels: Record<string, string>): Promise<number> {
  const metric = register.getSingleMetric(name);
  if (!metric) return 0;
  const data = await metric.get();
  return data.values
    .filter((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val))
    .reduce((a, v) => a + v.value, 0);
}

// ReportsIngested → income (and one IncomesCredited per batch) through the inbox, against real
// Postgres and JetStream.
describe('income crediting (integration)', () => {
  let h: LedgerHarness;

  beforeAll(async () => {
    h = await startLedgerHarness(
      'ledger_income',
      process.env.TEST_LOG ? { LOG_LEVEL: 'debug' } : {},
    );
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  }, 30_000);

  const available = async (user: number) =>
    (await h.internal.getBalance({ telegramId: user })).balance!.availableMicroUsd;
  const waitBalance = (user: number, micro: number) =>
    pollUntil(async () => (await available(user)) === micro, {
      timeoutMs: 15_000,
      description: `balance of ${user} to reach ${micro}`,
    });
  const duplicates = () =>
    metricValue('events_consumed_total', { consumer: 'ledger-income', result: 'duplicate' });
  const credited = (user: number) =>
    h.query<{ n: string }>(
      `SELECT count(*) AS n FROM $schema.credited_reports WHERE telegram_id = $1`,
      [user],
    );
  /** The IncomesCredited events in the outbox that credit `user`, decoded. */
  const incomeEventsOf = async (user: number) =>
    (
      await h.query<{ subject: string; payload: Buffer }>(
        `SELECT subject, payload FROM $schema.outbox WHERE event_type = 'IncomesCredited' ORDER BY created_at`,
      )
    )
      .map((r) => ({ subject: r.subject, ...decodeEvent('IncomesCredited', r.payload) }))
      .filter((e) => e.credits.some((c) => c.telegramId === user));

  it('credits a report at the default price: 1 GB at $1.50 → $1.50, traceable to its report', async () => {
    const user = newUser();
    const r = report({ telegramId: user, deltaMilliMb: 1_024_000 });
    await h.publishReport(r);
    await waitBalance(user, 1_500_000);
    const rows = await h.query<{ session_id: string; transfer_id: string; price_per_gb: string }>(
      `SELECT session_id, transfer_id, price_per_gb FROM $schema.credited_reports WHERE telegram_id = $1`,
      [user],
    );
    expect(rows).toEqual([
      {
        session_id: r.sessionId,
        transfer_id: expect.stringMatching(/^income:/),
        price_per_gb: '1500000',
      },
    ]);
    const tx = await h.client.listTransactions({
      caller: userCaller(user),
      telegramId: user,
      limit: 10,
      offset: 0,
    });
    expect(tx.transactions[0]).toMatchObject({
      transferId: rows[0].transfer_id,
      kind: transferKind('income'),
      amountMicroUsd: 1_500_000,
      milliMb: 1_024_000,
    });
    const events = await incomeEventsOf(user);
    expect(events).toHaveLength(1);
    expect(events[0].subject).toBe(`${h.ctx.natsPrefix}events.IncomesCredited`);
    expect(events[0].credits.filter((c) => c.telegramId === user)).toEqual([
      {
        telegramId: user,
        transferId: rows[0].transfer_id,
        amountMicroUsd: 1_500_000,
        milliMb: 1_024_000,
        reportCount: 1,
        pricePerGbMicroUsd: 1_500_000,
        balanceMicroUsd: 1_500_000,
        creditedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      },
    ]);
    // Per-user events are gone: the credit travels only as an item of IncomesCredited.
    expect(
      await h.query(`SELECT id FROM $schema.outbox WHERE event_type = 'IncomeCredited'`),
    ).toEqual([]);
  }, 30_000);

  it('one batch adds one IncomesCredited with one credit per paid user', async () => {
    const [a, b, unpaid] = [newUser(), newUser(), newUser()];
    const session = `batch-${randomUUID()}`;
    // One ReportsIngested is never split, so its reports are credited in one batch: a has two
    // reports (one credit, one transfer), b one, and `unpaid` only an empty report (no credit).
    await h.publishReport([
      report({ telegramId: a, sessionId: session, seq: 1, deltaMilliMb: 1_024_000 }),
      report({ telegramId: b, sessionId: `${session}-b`, seq: 1, deltaMilliMb: 512_000 }),
      report({ telegramId: a, sessionId: session, seq: 2, deltaMilliMb: 1_024_000 }),
      report({ telegramId: unpaid, sessionId: `${session}-u`, seq: 1, deltaMilliMb: 0 }),
    ]);
    await waitBalance(a, 3_000_000);
    await waitBalance(b, 750_000);
    const transfers = new Map(
      (
        await h.query<{ telegram_id: string; transfer_id: string }>(
          `SELECT DISTINCT telegram_id, transfer_id FROM $schema.credited_reports WHERE telegram_id = ANY($1)`,
          [[a, b]],
        )
      ).map((r) => [Number(r.telegram_id), r.transfer_id]),
    );
    expect(transfers.size).toBe(2);

    const events = await incomeEventsOf(a);
    expect(events).toHaveLength(1);
    const { credits } = events[0];
    // One item per user of the batch (whatever other users the batch also credited).
    expect(new Set(credits.map((c) => c.telegramId)).size).toBe(credits.length);
    expect(credits.some((c) => c.telegramId === unpaid)).toBe(false);
    const ours = credits
      .filter((c) => c.telegramId === a || c.telegramId === b)
      .sort((x, y) => x.telegramId - y.telegramId);
    const creditedAt = ours[0]?.creditedAt;
    expect(Number.isNaN(new Date(creditedAt).getTime())).toBe(false);
    expect(ours).toEqual([
      {
        telegramId: a,
        transferId: transfers.get(a),
        amountMicroUsd: 3_000_000,
        milliMb: 2_048_000,
        reportCount: 2,
        pricePerGbMicroUsd: 1_500_000,
        balanceMicroUsd: 3_000_000,
        creditedAt,
      },
      {
        telegramId: b,
        transferId: transfers.get(b),
        amountMicroUsd: 750_000,
        milliMb: 512_000,
        reportCount: 1,
        pricePerGbMicroUsd: 1_500_000,
        balanceMicroUsd: 750_000,
        creditedAt,
      },
    ]);
    expect(await incomeEventsOf(unpaid)).toEqual([]);
  }, 30_000);

  it('a duplicated event (same event id, new msg id) and a replayed report (new event id) credit once', async () => {
    const user = newUser();
    const r = report({ telegramId: user, deltaMilliMb: 2_048_000 });
    const eventId = await h.publishReport(r);
    await h.publishReport(r, eventId, randomUUID());
    await h.publishReport(r); // the same (session_id, seq) under a new event id
    await waitBalance(user, 3_000_000);
    const marker = report({ telegramId: user, deltaMilliMb: 1_024_000 });
    await h.publishReport(marker);
    await waitBalance(user, 4_500_000);
    expect(await credited(user)).toEqual([{ n: '2' }]);
  }, 30_000);

  it('a crash between crediting and acking credits once (the redelivery finds the inbox row)', async () => {
    const user = newUser();
    const ds = h.service.context.dataSource;
    const duplicatesBefore = await duplicates();
    let crashes = 0;
    // Throws right after the COMMIT of the crediting transaction, before the consumer can ack:
    // the batch is redelivered as after a crash.
    const crediting = new WeakSet<QueryRunner>();
    let armed = false;
    const crasher = {
      beforeQuery: (e: { query: string; queryRunner: QueryRunner }) => {
        if (armed && e.query.includes('INSERT INTO') && e.query.includes('credited_reports'))
          crediting.add(e.queryRunner);
      },
      afterTransactionCommit: (e: { queryRunner: QueryRunner }) => {
        if (armed && crediting.has(e.queryRunner)) {
          armed = false;
          crashes += 1;
          throw new Error('process died after commit, before ack');
        }
      },
    };
    ds.subscribers.push(crasher);
    try {
      armed = true;
      await h.publishReport(report({ telegramId: user, deltaMilliMb: 1_024_000 }));
      await pollUntil(async () => crashes === 1, {
        timeoutMs: 15_000,
        description: 'the crash after commit',
      });
      await waitBalance(user, 1_500_000);
      // The redelivery (after the nak backoff) is recognised as a duplicate: nothing more is credited.
      await pollUntil(async () => (await duplicates()) > duplicatesBefore, {
        timeoutMs: 15_000,
        description: 'the redelivered batch to be acked as a duplicate',
      });
      const marker = report({ telegramId: user, deltaMilliMb: 1_024_000 });
      await h.publishReport(marker);
      await waitBalance(user, 3_000_000);
      expect(await credited(user)).toEqual([{ n: '2' }]);
    } finally {
      ds.subscribers.splice(ds.subscribers.indexOf(crasher), 1);
    }
  }, 40_000);

  it('price change at midnight: MB counted before and after are priced by their own day', async () => {
    const user = newUser();
    const today = utcDay(new Date());
    const d1 = addDays(today, 1);
    const d2 = addDays(today, 2);
    // Prices set ahead of time take effect at their own midnight.
    await h.client.setDailyPrice({
      caller: admin,
      date: d1,
      pricePerGbMicroUsd: 1_000_000,
      message: 'one',
      push: false,
    });
    await h.client.setDailyPrice({
      caller: admin,
      date: d2,
      pricePerGbMicroUsd: 2_000_000,
      message: 'two',
      push: false,
    });
    const session = `s-${randomUUID()}`;
    await h.publishReport(
      report({
        telegramId: user,
        sessionId: session,
        seq: 1,
        deltaMilliMb: 1_024_000,
        countedAt: `${d1}T23:59:59.999Z`,
      }),
    );
    await h.publishReport(
      report({
        telegramId: user,
        sessionId: session,
        seq: 2,
        deltaMilliMb: 1_024_000,
        countedAt: `${d2}T00:00:00.000Z`,
      }),
    );
    await waitBalance(user, 3_000_000);
    const prices = await h.query<{ seq: string; price_per_gb: string }>(
      `SELECT seq, price_per_gb FROM $schema.credited_reports WHERE session_id = $1 ORDER BY seq`,
      [session],
    );
    expect(prices).toEqual([
      { seq: '1', price_per_gb: '1000000' },
      { seq: '2', price_per_gb: '2000000' },
    ]);
  }, 30_000);

  it('rounds down per user and carries the remainder, so rounding never creates money', async () => {
    const user = newUser();
    // 1 milli_mb at $1.50/GB = 1.46 micro-USD each: 3 reports → 4.39 → 4 now, 0.39 carried.
    for (let seq = 1; seq <= 3; seq += 1)
      await h.publishReport(
        report({ telegramId: user, sessionId: `r-${user}`, seq, deltaMilliMb: 1 }),
      );
    await pollUntil(async () => (await credited(user))[0].n === '3', {
      timeoutMs: 15_000,
      description: 'three reports credited',
    });
    const bal = await available(user);
    const rem = await h.query<{ remainder: string }>(
      `SELECT remainder FROM $schema.income_remainders WHERE telegram_id = $1`,
      [user],
    );
    expect(bal * 1_024_000 + Number(rem[0].remainder)).toBe(3 * 1_500_000);
    expect(bal).toBeLessThanOrEqual(4);
    expect((await h.client.checkLedger({ caller: admin })).balanced).toBe(true);
  }, 30_000);

  it('reconciliation credits reports the event path never delivered, once', async () => {
    const user = newUser();
    const session = `lost-${randomUUID()}`;
    const delivered = report({
      telegramId: user,
      sessionId: session,
      seq: 1,
      deltaMilliMb: 1_024_000,
    });
    await h.publishReport(delivered);
    await waitBalance(user, 1_500_000);
    const closedAt = new Date(Date.now() - 10 * 60_000).toISOString();
    h.telemetry.sessions.push({
      sessionId: session,
      telegramId: user,
      status: telemetry.SessionStatus.SESSION_STATUS_COMPLETED,
      serverCountedMilliMb: 3_072_000,
      reportCount: 3,
      closedAt,
    });
    h.telemetry.reports.set(session, [
      { seq: 1, deltaMilliMb: 1_024_000, countedAt: delivered.countedAt },
      { seq: 2, deltaMilliMb: 1_024_000, countedAt: delivered.countedAt },
      { seq: 3, deltaMilliMb: 1_024_000, countedAt: delivered.countedAt },
    ]);
    const job = h.service.app.get(ReconciliationService);
    const first = await job.runOnce();
    expect(first).toMatchObject({ ran: true, repairedSessions: 1, repairedReports: 2 });
    expect(await available(user)).toBe(4_500_000);
    const second = await job.runOnce();
    expect(second.repairedReports).toBe(0);
    expect(await available(user)).toBe(4_500_000);
    const sources = await h.query<{ seq: string; source: string }>(
      `SELECT seq, source FROM $schema.credited_reports WHERE session_id = $1 ORDER BY seq`,
      [session],
    );
    expect(sources).toEqual([
      { seq: '1', source: 'event' },
      { seq: '2', source: 'reconciliation' },
      { seq: '3', source: 'reconciliation' },
    ]);
  }, 30_000);
});
