import { randomUUID } from 'node:crypto';

import { Client } from 'pg';

import { common, telemetry } from '@trafficshare/contracts';
import { decodeEvent } from '@trafficshare/messaging';
import type { RunningService } from '@trafficshare/service-kit';
import { freePort, pollUntil, startApp } from '@trafficshare/testing';

// eslint-disable-next-line @nx/enforce-module-boundaries -- the real ledger consumes the relay's income events: the test proves what it pays
import { boot as bootLedger } from '../../../ledger-svc/src/boot';

import {
  callerAs,
  newUser,
  startTelemetryHarness,
  type TelemetryHarness,
} from '../test/telemetry-harness';
import { BYTES_PER_MB, RELAY_SEQ_BASE } from './relay-credits';

// Server-counted traffic: the relay's bytes of a session are what it is credited (and the
// ledger pays, from the ReportsIngested items), each batch once; the client's reports of that
// session count nothing and a client over-reporting is flagged.
describe('relayed bytes are the count a relaying session is paid on', () => {
  let h: TelemetryHarness;
  let db: Client;
  let ledger: RunningService;

  beforeAll(async () => {
    h = await startTelemetryHarness('telemetry_relay_income');
    db = new Client({ connectionString: h.ctx.databaseUrl });
    await db.connect();
    // The ledger in the same context: it consumes telemetry's ReportsIngested from JetStream.
    ledger = await startApp(bootLedger, {
      ...h.ctx.env,
      GRPC_PORT: String(await freePort()),
      METRICS_PORT: String(await freePort()),
      INCOME_BATCH_WAIT_MS: '1000',
      RECONCILE_ENABLED: 'false',
      TELEMETRY_GRPC_URL: h.service.grpcAddress,
    });
  }, 90_000);
  afterAll(async () => {
    await ledger?.stop();
    await db?.end();
    await h?.stop();
  }, 30_000);

  /** What the ledger credited for a session: milli-MB, and micro-USD of income to the user. */
  const paid = async (sessionId: string, user: number) => {
    const ledgerSchema = h.ctx.schema('ledger');
    const credited = await db.query<{ mb: string | null; n: string }>(
      `SELECT sum(milli_mb) AS mb, count(*) AS n FROM "${ledgerSchema}".credited_reports WHERE session_id = $1`,
      [sessionId],
    );
    const income = await db.query<{ usd: string | null }>(
      `SELECT sum(amount) AS usd FROM "${ledgerSchema}".transfers WHERE telegram_id = $1 AND kind = 'income'`,
      [user],
    );
    return {
      milliMb: Number(credited.rows[0]?.mb ?? 0),
      reports: Number(credited.rows[0]?.n ?? 0),
      microUsd: Number(income.rows[0]?.usd ?? 0),
    };
  };

  const start = async (user: number): Promise<string> => {
    const started = await h.client.startSession({
      caller: callerAs(user),
      deviceId: `phone-${user}`,
      clientIp: '149.101.100.1',
      clientLocalIp: '',
      networkType: common.NetworkType.NETWORK_TYPE_MOBILE,
      appVersion: '1.0.0',
      os: 'Android',
      batteryLevel: 80,
      language: common.Language.LANGUAGE_EN,
    });
    expect(started.status).toBe(telemetry.StartStatus.START_STATUS_OK);
    return started.sessionId;
  };

  const session = async (user: number, sessionId: string) =>
    (await h.client.getSession({ caller: callerAs(user), telegramId: 0, sessionId })).session!;

  /** The ReportsIngested items of a session in the outbox (what the ledger credits). */
  const ingested = async (sessionId: string) => {
    const rows = await db.query<{ payload: Buffer }>(
      `SELECT payload FROM "${h.ctx.schema('telemetry')}".outbox WHERE event_type = 'ReportsIngested' ORDER BY created_at`,
    );
    return rows.rows
      .flatMap((r) => decodeEvent('ReportsIngested', r.payload).reports)
      .filter((r) => r.sessionId === sessionId);
  };

  const report = (user: number, sessionId: string, seq: number, cumulativeMilliMb: number) => ({
    caller: callerAs(user),
    sessionId,
    deviceId: `phone-${user}`,
    seq,
    cumulativeMilliMb,
    deltaMilliMb: cumulativeMilliMb,
    speedMilliMbS: 100,
    batteryLevel: 80,
    networkType: common.NetworkType.NETWORK_TYPE_MOBILE,
    clientTimestamp: '',
  });

  it('credits relayed bytes once per batch, whole milli-MB, the remainder carried', async () => {
    const user = newUser();
    const id = await start(user);
    const batch = (up: number, down: number) => ({
      batchId: randomUUID(),
      sessions: [{ sessionId: id, telegramId: user, bytesUp: up, bytesDown: down }],
    });
    const first = batch(48_576, 2 * BYTES_PER_MB); // 2.046… MB → 2046 milli-MB
    const applied = await Promise.all(
      Array.from({ length: 4 }, () => h.internal.recordRelayedTraffic(first)),
    );
    expect(applied.filter((r) => r.applied)).toHaveLength(1);
    await h.internal.recordRelayedTraffic(batch(1_000_000, 0)); // total 3,145,728 B = 3 MB
    await h.internal.recordRelayedTraffic(batch(0, 0)); // nothing to credit
    expect(Number((await session(user, id)).serverCountedMilliMb)).toBe(3_000);
    const items = await ingested(id);
    expect(items.map((i) => [i.seq, Number(i.deltaMilliMb), i.telegramId])).toEqual([
      [RELAY_SEQ_BASE + 1, 2_046, user],
      [RELAY_SEQ_BASE + 2, 954, user],
    ]);
    // The ledger's reconciliation reads the same credits as the session's reports.
    const detail = await h.internal.getSessionReports({ sessionId: id });
    expect(detail.reports.map((r) => Number(r.deltaMilliMb))).toEqual([2_046, 954]);
    // The ledger pays exactly those 3 MB (two credits), at the default $1.50/GB:
    // 3 / 1024 × 1,500,000 = 4394.53 → 4394 micro-USD (the remainder carried).
    const money = await pollUntil(
      async () => {
        const p = await paid(id, user);
        return p.reports === 2 && p.microUsd > 0 ? p : undefined;
      },
      { timeoutMs: 20_000, description: 'the ledger credits the relayed MB' },
    );
    expect(money).toEqual({ milliMb: 3_000, reports: 2, microUsd: 4_394 });
  }, 40_000);

  it('counts a relaying session’s own reports as nothing and flags a client over-reporting', async () => {
    const user = newUser();
    const id = await start(user);
    await h.internal.recordRelayedTraffic({
      batchId: randomUUID(),
      sessions: [{ sessionId: id, telegramId: user, bytesUp: 0, bytesDown: 10 * BYTES_PER_MB }],
    });
    // The client claims 10 MB (what the relay counted): counted 0, no mismatch.
    const [honest] = (await h.client.ingestReports({ reports: [report(user, id, 1, 10_000)] }))
      .results;
    expect(honest).toMatchObject({
      outcome: telemetry.ReportOutcome.REPORT_OUTCOME_ACCEPTED,
      countedMilliMb: 0,
      mismatch: false,
    });
    // Then 60 MB in total: still 10 MB counted, and the session turns `mismatch`.
    const [inflated] = (await h.client.ingestReports({ reports: [report(user, id, 2, 60_000)] }))
      .results;
    expect(inflated).toMatchObject({ countedMilliMb: 0, mismatch: true });
    const s = await session(user, id);
    expect(Number(s.serverCountedMilliMb)).toBe(10_000);
    expect(s.reconciliationStatus).toBe(
      telemetry.ReconciliationStatus.RECONCILIATION_STATUS_MISMATCH,
    );
    expect(Number(s.mismatchMilliMb)).toBe(50_000);
    const items = await ingested(id);
    expect(items.reduce((sum, i) => sum + Number(i.deltaMilliMb), 0)).toBe(10_000);
    const flagged = await db.query(
      `SELECT phase FROM "${h.ctx.schema('telemetry')}".reconciliation_mismatches WHERE session_id = $1`,
      [id],
    );
    expect(flagged.rows).toEqual([{ phase: 'live' }]);
  });

  it('clears a relaying session’s mismatch once the relay’s count catches up, and it ends reconciled', async () => {
    const MISMATCH = telemetry.ReconciliationStatus.RECONCILIATION_STATUS_MISMATCH;
    const OK = telemetry.ReconciliationStatus.RECONCILIATION_STATUS_OK;
    const relayed = (bytes: number) =>
      h.internal.recordRelayedTraffic({
        batchId: randomUUID(),
        sessions: [{ sessionId: id, telegramId: user, bytesUp: 0, bytesDown: bytes }],
      });
    const user = newUser();
    const id = await start(user);
    await relayed(0); // the tunnel's admission mark: from here the relay counts
    // The phone reports 20 MB before the relay's batch for them lands: flagged.
    const [ahead] = (await h.client.ingestReports({ reports: [report(user, id, 1, 20_000)] }))
      .results;
    expect(ahead).toMatchObject({ countedMilliMb: 0, mismatch: true });
    expect((await session(user, id)).reconciliationStatus).toBe(MISMATCH);
    // The batch lands; the phone's next report agrees with the server: the flag clears.
    await relayed(20 * BYTES_PER_MB);
    const [agreed] = (await h.client.ingestReports({ reports: [report(user, id, 2, 20_000)] }))
      .results;
    expect(agreed).toMatchObject({ countedMilliMb: 0, mismatch: false });
    let s = await session(user, id);
    expect(s.reconciliationStatus).toBe(OK);
    expect(Number(s.mismatchMilliMb)).toBe(0);

    // Flagged again (ahead by 10 MB), then the last batch lands after the last report: STOP
    // with the phone's final figure compares equal, and the session ends reconciled.
    const [again] = (await h.client.ingestReports({ reports: [report(user, id, 3, 30_000)] }))
      .results;
    expect(again.mismatch).toBe(true);
    await relayed(10 * BYTES_PER_MB);
    await h.client.stopSession({
      caller: callerAs(user),
      sessionId: id,
      deviceId: `phone-${user}`,
      cumulativeMilliMb: 30_000,
    });
    s = await session(user, id);
    expect(Number(s.serverCountedMilliMb)).toBe(30_000);
    expect(s.reconciliationStatus).toBe(OK);
    expect(Number(s.mismatchMilliMb)).toBe(0);
    // The first live flag is on record once; no final mismatch.
    const flagged = await db.query(
      `SELECT phase FROM "${h.ctx.schema('telemetry')}".reconciliation_mismatches WHERE session_id = $1`,
      [id],
    );
    expect(flagged.rows).toEqual([{ phase: 'live' }]);
    const events = await db.query<{ payload: Buffer }>(
      `SELECT payload FROM "${h.ctx.schema('telemetry')}".outbox WHERE event_type = 'ReconciliationMismatch'`,
    );
    const ours = events.rows
      .map((r) => decodeEvent('ReconciliationMismatch', r.payload))
      .filter((e) => e.sessionId === id);
    expect(ours.map((e) => e.phase)).toEqual(['live']);
  });

  it('a session the relay never carried is still counted from its reports', async () => {
    const user = newUser();
    const id = await start(user);
    const [r] = (await h.client.ingestReports({ reports: [report(user, id, 1, 1_000)] })).results;
    expect(Number(r.countedMilliMb)).toBe(1_000);
  });

  it('refuses client seqs in the relay’s range', async () => {
    const user = newUser();
    const id = await start(user);
    const [r] = (
      await h.client.ingestReports({ reports: [report(user, id, RELAY_SEQ_BASE + 1, 1_000)] })
    ).results;
    expect(r).toMatchObject({ outcome: telemetry.ReportOutcome.REPORT_OUTCOME_REJECTED });
    expect(r.errorCode).toBe('invalid_report');
  });
});
