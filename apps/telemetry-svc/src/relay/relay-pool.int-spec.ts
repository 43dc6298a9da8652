import { randomUUID } from 'node:crypto';

import { Client } from 'pg';

import { decodeEvent } from '@trafficshare/messaging';
import { TEST_DATABASE_URL } from '@trafficshare/testing';

import { callerAs, startTelemetryHarness, type TelemetryHarness } from '../test/telemetry-harness';

const failure = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (err: Error & { details?: string }) => err.details ?? err.message,
  );

// The admin traffic pool from relay heartbeats, against the real Postgres.
describe('traffic pool (relay heartbeats → admin reads)', () => {
  let h: TelemetryHarness;
  const admin = callerAs(900_000_777, 'superadmin');
  const node = `relay-${randomUUID().slice(0, 8)}`;
  const key = randomUUID();
  const buyer = 900_000_779;

  beforeAll(async () => {
    h = await startTelemetryHarness('telemetry_relay_pool');
  }, 60_000);
  afterAll(() => h?.stop(), 30_000);

  const device = (ip: string, country: string, streams: number) => ({
    sessionId: randomUUID(),
    telegramId: 42,
    deviceId: `phone-${ip}`,
    exitIp: ip,
    country,
    streams,
    milliMbPerS: 1_500,
    connectedAt: new Date().toISOString(),
  });

  it('lists heartbeating nodes with their devices, distinct IPs, countries and free slots', async () => {
    const first = await h.internal.recordRelayHeartbeat({
      nodeId: node,
      devices: [
        device('73.1.1.1', 'us', 2),
        device('73.1.1.2', 'US', 1),
        device('81.2.2.2', 'UZ', 0),
      ],
      streamsOpen: 3,
      setupP50Ms: 4.5,
      setupP99Ms: 40,
      keyExits: [],
      intervalMs: 10_000,
    });
    expect(first.registered).toBe(false);
    const added = await h.client.addRelayNode({
      caller: admin,
      nodeId: node,
      url: 'wss://relay-1.example.com/tunnel',
      region: 'eu-central',
    });
    expect(added).toMatchObject({
      created: true,
      node: { id: node, registered: true, status: 'up' },
    });
    const again = await h.client.addRelayNode({
      caller: admin,
      nodeId: node,
      url: 'wss://relay-1b.example.com/tunnel',
      region: 'eu-central',
    });
    expect(again.created).toBe(false);

    const pool = await h.client.getTrafficPool({ caller: admin });
    const mine = pool.nodes.find((n) => n.id === node)!;
    expect(mine).toMatchObject({
      url: 'wss://relay-1b.example.com/tunnel',
      region: 'eu-central',
      status: 'up',
      streamsOpen: 3,
      setupP50Ms: 4.5,
      setupP99Ms: 40,
    });
    expect(mine.devices).toHaveLength(3);
    expect(pool.devicesSharing).toBe(3);
    expect(pool.distinctIps).toBe(3);
    expect(pool.countries).toEqual([
      { country: 'US', devices: 2 },
      { country: 'UZ', devices: 1 },
    ]);
    expect(pool.freeSlots).toBe(pool.poolSize - 3);
    expect(Number(pool.milliMbPerS)).toBe(4_500);

    // A registered node never heard from is listed, with no devices.
    const quiet = `relay-quiet-${randomUUID().slice(0, 6)}`;
    await h.client.addRelayNode({
      caller: admin,
      nodeId: quiet,
      url: 'wss://q.example.com',
      region: 'us-east',
    });
    const after = await h.client.getTrafficPool({ caller: admin });
    expect(after.nodes.find((n) => n.id === quiet)).toMatchObject({ status: 'never', devices: [] });
  });

  it('puts every pool add in the platform audit (AdminActionRecorded, same transaction)', async () => {
    const db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    try {
      const audited = async () =>
        (
          await db.query<{ payload: Buffer }>(
            `SELECT payload FROM "${h.ctx.schema('telemetry')}".outbox
             WHERE event_type = 'AdminActionRecorded' ORDER BY created_at`,
          )
        ).rows
          .map((r) => decodeEvent('AdminActionRecorded', r.payload))
          .filter((e) => e.target === `relay_node:${node}`);
      // The first test added this node twice: created, then its URL changed.
      expect(
        (await audited()).map((e): unknown[] => [
          e.service,
          e.actorId,
          e.action,
          e.ip,
          JSON.parse(e.detailsJson) as unknown,
        ]),
      ).toEqual([
        [
          'telemetry-svc',
          900_000_777,
          'relay.pool.add',
          '149.101.100.1',
          { url: 'wss://relay-1.example.com/tunnel', region: 'eu-central', created: true },
        ],
        [
          'telemetry-svc',
          900_000_777,
          'relay.pool.add',
          '149.101.100.1',
          { url: 'wss://relay-1b.example.com/tunnel', region: 'eu-central', created: false },
        ],
      ]);
      // Refused adds (a moderator, a bad id) publish nothing.
      const refused = [
        h.client.addRelayNode({
          caller: callerAs(900_000_778, 'moderator'),
          nodeId: node,
          url: 'wss://evil.example.com',
          region: 'eu',
        }),
        h.client.addRelayNode({ caller: admin, nodeId: node, url: 'not a url', region: 'eu' }),
      ];
      for (const r of refused) expect(await failure(r)).not.toBe('resolved');
      expect(await audited()).toHaveLength(2);
    } finally {
      await db.end();
    }
  });

  it('a pool add whose audit event cannot be stored registers nothing (one transaction)', async () => {
    const db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    const s = `"${h.ctx.schema('telemetry')}"`;
    const lost = `relay-${randomUUID().slice(0, 8)}`;
    const add = () =>
      h.client.addRelayNode({
        caller: admin,
        nodeId: lost,
        url: 'wss://lost.example.com',
        region: 'eu',
      });
    try {
      await db.query(
        `CREATE FUNCTION ${s}.refuse_admin_event() RETURNS trigger LANGUAGE plpgsql AS
           $$ BEGIN
             IF NEW.event_type = 'AdminActionRecorded' THEN RAISE EXCEPTION 'refused by the test'; END IF;
             RETURN NEW;
           END $$;
         CREATE TRIGGER refuse_admin_event BEFORE INSERT ON ${s}.outbox
           FOR EACH ROW EXECUTE FUNCTION ${s}.refuse_admin_event();`,
      );
      try {
        expect(await failure(add())).not.toBe('resolved');
      } finally {
        await db.query(`DROP TRIGGER refuse_admin_event ON ${s}.outbox`);
      }
      const ids = async () =>
        (await h.client.getTrafficPool({ caller: admin })).nodes.map((n) => n.id);
      expect(await ids()).not.toContain(lost);
      // Once the event can be stored, the same add registers the node as new.
      expect((await add()).created).toBe(true);
      expect(await ids()).toContain(lost);
    } finally {
      await db.end();
    }
  });

  it('counts distinct exit IPs per key over the window (rotation check)', async () => {
    const exits = (ip: string, connections: number) => ({
      keyId: key,
      exitIp: ip,
      connections,
      bytes: 1_000 * connections,
      ownerTelegramId: buyer,
    });
    const beat = (keyExits: ReturnType<typeof exits>[]) =>
      h.internal.recordRelayHeartbeat({
        nodeId: node,
        devices: [],
        streamsOpen: 0,
        setupP50Ms: 0,
        setupP99Ms: 0,
        keyExits,
        intervalMs: 10_000,
      });
    await beat([exits('73.1.1.1', 2), exits('73.1.1.2', 1)]);
    await beat([exits('73.1.1.1', 1), exits('81.2.2.2', 4)]);
    const res = await h.client.checkRotation({ caller: admin, keyId: key, minutes: 10 });
    expect(res.minutes).toBe(10);
    expect(res.keys).toEqual([
      {
        keyId: key,
        connections: 8,
        distinctExitIps: 3,
        bytes: 8_000,
        exitIps: [
          { exitIp: '81.2.2.2', connections: 4 },
          { exitIp: '73.1.1.1', connections: 3 },
          { exitIp: '73.1.1.2', connections: 1 },
        ],
      },
    ]);
  });

  it('shows a buyer their own keys’ usage, and nobody else', async () => {
    const own = await h.client.getKeyUsage({ caller: callerAs(buyer), telegramId: 0, minutes: 0 });
    expect(own.minutes).toBe(1440);
    expect(
      own.keys.map((k) => [k.keyId, k.connections, k.distinctExitIps, Number(k.bytes)]),
    ).toEqual([[key, 8, 3, 8_000]]);
    const other = await h.client.getKeyUsage({
      caller: callerAs(buyer + 1),
      telegramId: 0,
      minutes: 60,
    });
    expect(other.keys).toEqual([]);
    expect(
      await failure(
        h.client.getKeyUsage({ caller: callerAs(buyer + 1), telegramId: buyer, minutes: 60 }),
      ),
    ).not.toBe('resolved');
    const asAdmin = await h.client.getKeyUsage({ caller: admin, telegramId: buyer, minutes: 60 });
    expect(asAdmin.keys).toHaveLength(1);
  });

  it('is superadmin-only and validates its input', async () => {
    for (const role of ['user', 'moderator'] as const) {
      const caller = callerAs(900_000_778, role);
      expect(await failure(h.client.getTrafficPool({ caller }))).not.toBe('resolved');
      expect(await failure(h.client.checkRotation({ caller, keyId: '', minutes: 0 }))).not.toBe(
        'resolved',
      );
    }
    expect(
      await failure(
        h.client.addRelayNode({
          caller: admin,
          nodeId: 'bad id!',
          url: 'wss://x.example',
          region: 'eu',
        }),
      ),
    ).toContain('node_id');
    expect(
      await failure(
        h.client.addRelayNode({
          caller: admin,
          nodeId: 'ok',
          url: 'ftp://x.example',
          region: 'eu',
        }),
      ),
    ).toContain('url');
    expect(
      await failure(h.client.checkRotation({ caller: admin, keyId: '', minutes: 5000 })),
    ).toContain('minutes');
  });
});
