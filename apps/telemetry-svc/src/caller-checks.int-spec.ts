import { status } from '@grpc/grpc-js';

import { SERVICES } from '@trafficshare/config';
import { common, telemetry } from '@trafficshare/contracts';
import { GrpcHealthChecker } from '@trafficshare/grpc';

import {
  callerAs,
  newUser,
  startTelemetryHarness,
  type TelemetryHarness,
} from './test/telemetry-harness';

/** A rejection as the caller sees it: gRPC status and the `ts-error-code` trailer. */
async function failure(p: Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as { code?: number; metadata?: { get(k: string): unknown[] } };
    const code = e.metadata?.get('ts-error-code')?.[0];
    return { status: e.code ?? -1, code: typeof code === 'string' ? code : '' };
  }
  return { status: 0, code: 'resolved' };
}

const FORBIDDEN = { status: status.PERMISSION_DENIED, code: 'forbidden' };
const NOT_FOUND = { status: status.NOT_FOUND, code: 'session_not_found' };

// telemetry-svc's own checks, called straight over gRPC (no gateway in front): the caller in the
// message is the identity; a user reaches only their own sessions, an admin may name anyone.
describe('telemetry-svc caller checks (gRPC, no gateway)', () => {
  let h: TelemetryHarness;
  const alice = newUser();
  const bob = newUser();
  let aliceSession = '';

  beforeAll(async () => {
    h = await startTelemetryHarness('telemetry_callers');
    const started = await h.client.startSession({
      caller: callerAs(alice),
      deviceId: `phone-${alice}`,
      clientIp: '149.101.100.1',
      clientLocalIp: '',
      networkType: common.NetworkType.NETWORK_TYPE_MOBILE,
      appVersion: '1.0.0',
      os: 'Android',
      batteryLevel: 80,
      language: common.Language.LANGUAGE_EN,
    });
    expect(started.status).toBe(telemetry.StartStatus.START_STATUS_OK);
    aliceSession = started.sessionId;
  }, 60_000);
  afterAll(() => h?.stop(), 30_000);

  const report = (caller: common.Caller, seq: number): telemetry.ReportInput => ({
    caller,
    sessionId: aliceSession,
    deviceId: `phone-${alice}`,
    seq,
    cumulativeMilliMb: seq * 1_000,
    deltaMilliMb: 1_000,
    speedMilliMbS: 100,
    batteryLevel: 80,
    networkType: common.NetworkType.NETWORK_TYPE_MOBILE,
    clientTimestamp: '',
  });

  it('the owner reads, reports to and keeps alive their session', async () => {
    const own = await h.client.getSession({
      caller: callerAs(alice),
      telegramId: 0,
      sessionId: aliceSession,
    });
    expect(own.session).toMatchObject({
      telegramId: alice,
      status: telemetry.SessionStatus.SESSION_STATUS_ACTIVE,
    });
    const [accepted] = (await h.client.ingestReports({ reports: [report(callerAs(alice), 1)] }))
      .results;
    expect(accepted.outcome).toBe(telemetry.ReportOutcome.REPORT_OUTCOME_ACCEPTED);
  });

  it('another user cannot read, report to, keep alive or stop it', async () => {
    const asBob = callerAs(bob);
    // Naming it as their own: someone else's session answers as missing.
    expect(
      await failure(h.client.getSession({ caller: asBob, telegramId: 0, sessionId: aliceSession })),
    ).toEqual(NOT_FOUND);
    // Naming its owner: forbidden.
    expect(
      await failure(
        h.client.getSession({ caller: asBob, telegramId: alice, sessionId: aliceSession }),
      ),
    ).toEqual(FORBIDDEN);
    const [rejected] = (await h.client.ingestReports({ reports: [report(asBob, 2)] })).results;
    expect(rejected).toMatchObject({
      outcome: telemetry.ReportOutcome.REPORT_OUTCOME_REJECTED,
      errorCode: 'session_not_found',
    });
    expect(
      await failure(
        h.client.heartbeat({
          caller: asBob,
          sessionId: aliceSession,
          deviceId: '',
          batteryLevel: 1,
        }),
      ),
    ).toEqual(NOT_FOUND);
    expect(
      await failure(h.client.stopSession({ caller: asBob, sessionId: aliceSession, deviceId: '' })),
    ).toEqual(NOT_FOUND);
    // Alice's session is untouched: still active, one report.
    const after = await h.client.getSession({
      caller: callerAs(alice),
      telegramId: 0,
      sessionId: aliceSession,
    });
    expect(after.session).toMatchObject({
      status: telemetry.SessionStatus.SESSION_STATUS_ACTIVE,
      reportCount: 1,
    });
  });

  it('another user cannot read her history, summaries, statistics or reviews', async () => {
    const caller = callerAs(bob);
    const attempts: Array<[string, Promise<unknown>]> = [
      [
        'listSessions',
        h.client.listSessions({
          caller,
          telegramId: alice,
          from: '',
          to: '',
          status: 0,
          limit: 10,
          offset: 0,
        }),
      ],
      ['getSessionsSummary', h.client.getSessionsSummary({ caller, telegramId: alice })],
      [
        'reviewSession',
        h.client.reviewSession({ caller, telegramId: alice, sessionId: aliceSession }),
      ],
      [
        'getStats',
        h.client.getStats({
          caller,
          telegramId: alice,
          period: telemetry.StatsPeriod.STATS_PERIOD_DAILY,
          from: '',
          to: '',
        }),
      ],
      ['getStatsSummary', h.client.getStatsSummary({ caller, telegramId: alice })],
    ];
    const results = await Promise.all(
      attempts.map(async ([rpc, p]) => ({ rpc, ...(await failure(p)) })),
    );
    expect(results).toEqual(attempts.map(([rpc]) => ({ rpc, ...FORBIDDEN })));
    // Their own list holds nothing of hers.
    const own = await h.client.listSessions({
      caller,
      telegramId: 0,
      from: '',
      to: '',
      status: 0,
      limit: 10,
      offset: 0,
    });
    expect(own.total).toBe(0);
  });

  it('an admin reads any user’s sessions', async () => {
    const list = await h.client.listSessions({
      caller: callerAs(newUser(), 'moderator'),
      telegramId: alice,
      from: '',
      to: '',
      status: 0,
      limit: 10,
      offset: 0,
    });
    expect(list.sessions.map((s) => s.sessionId)).toEqual([aliceSession]);
  });

  it('refuses a request without a valid caller as unauthenticated', async () => {
    const missing = { status: status.UNAUTHENTICATED, code: 'caller_missing' };
    expect(
      await failure(
        h.client.getSession({ caller: undefined, telegramId: 0, sessionId: aliceSession }),
      ),
    ).toEqual(missing);
    // A report batch with a caller-less report fails whole: nothing is stored.
    expect(
      await failure(
        h.client.ingestReports({
          reports: [
            report(callerAs(alice), 3),
            { ...report(callerAs(alice), 4), caller: undefined },
          ],
        }),
      ),
    ).toEqual(missing);
  });

  it('serves TelemetryInternalService on the same port, and health reports both services', async () => {
    const closed = await h.internal.listClosedSessions({
      closedFrom: '',
      closedTo: '',
      limit: 10,
      afterSessionId: '',
    });
    expect(closed.sessions.find((s) => s.sessionId === aliceSession)).toBeUndefined();
    const svc = SERVICES['telemetry-svc'];
    const health = new GrpcHealthChecker(h.service.grpcAddress);
    try {
      await health.check(2_000, `${svc.protoPackage}.${svc.protoService}`);
      await health.check(2_000, `${svc.protoPackage}.${svc.internal!.protoService}`);
    } finally {
      health.close();
    }
  });
});
