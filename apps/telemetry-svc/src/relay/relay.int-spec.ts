import { randomUUID } from 'node:crypto';

import { Client } from 'pg';

import { common, telemetry } from '@trafficshare/contracts';

import {
  callerAs,
  newUser,
  startTelemetryHarness,
  type TelemetryHarness,
} from '../test/telemetry-harness';

// The relay's side of sessions, over TelemetryInternalService against the real Postgres.
describe('relay sessions and relayed traffic (internal gRPC)', () => {
  let h: TelemetryHarness;
  const alice = newUser();
  const bob = newUser();
  let session = '';

  beforeAll(async () => {
    h = await startTelemetryHarness('telemetry_relay');
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
    session = started.sessionId;
  }, 60_000);
  afterAll(() => h?.stop(), 30_000);

  const relayed = async (): Promise<Record<string, string>[]> => {
    const client = new Client({ connectionString: h.ctx.databaseUrl });
    await client.connect();
    try {
      const table = `"${h.ctx.schema('telemetry')}".relayed_traffic`;
      const res = await client.query<Record<string, string>>(
        `SELECT telegram_id, bytes_up, bytes_down FROM ${table} WHERE session_id = $1`,
        [session],
      );
      return res.rows;
    } finally {
      await client.end();
    }
  };

  it('admits the owner’s running session and nobody else’s', async () => {
    const own = await h.internal.getRelaySession({ telegramId: alice, sessionId: session });
    expect(own).toMatchObject({ found: true, running: true, deviceId: `phone-${alice}` });
    const foreign = await h.internal.getRelaySession({ telegramId: bob, sessionId: session });
    expect(foreign).toEqual({ found: false, running: false, deviceId: '', country: '' });
    const garbage = await h.internal.getRelaySession({ telegramId: alice, sessionId: 'x' });
    expect(garbage.found).toBe(false);
  });

  it('adds relayed bytes per session once per batch, even when retried concurrently', async () => {
    const batch = {
      batchId: randomUUID(),
      sessions: [{ sessionId: session, telegramId: alice, bytesUp: 1_000, bytesDown: 50_000 }],
    };
    const results = await Promise.all(
      Array.from({ length: 5 }, () => h.internal.recordRelayedTraffic(batch)),
    );
    expect(results.filter((r) => r.applied)).toHaveLength(1);
    await h.internal.recordRelayedTraffic({
      batchId: randomUUID(),
      sessions: [{ sessionId: session, telegramId: alice, bytesUp: 10, bytesDown: 20 }],
    });
    expect(await relayed()).toEqual([
      { telegram_id: String(alice), bytes_up: '1010', bytes_down: '50020' },
    ]);
  });

  it('never credits one user’s session to another', async () => {
    await h.internal.recordRelayedTraffic({
      batchId: randomUUID(),
      sessions: [{ sessionId: session, telegramId: bob, bytesUp: 999, bytesDown: 999 }],
    });
    expect(await relayed()).toEqual([
      { telegram_id: String(alice), bytes_up: '1010', bytes_down: '50020' },
    ]);
  });
});
