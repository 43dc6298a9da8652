import { randomUUID } from 'node:crypto';

import { internalContract } from '@trafficshare/config';
import type { telemetryInternal } from '@trafficshare/contracts';
import { createGrpcClient, type GrpcClientHandle } from '@trafficshare/grpc';

import { startTrafficHarness, type TrafficHarness } from '../traffic/harness';

// The admin traffic pool through the gateway: a relay node's heartbeat (telemetry's internal
// RPC, as the relay sends it) shows in GET /api/admin/traffic/pool; pool add registers it; the
// rotation check and a key's usage count its exits. Superadmin only.
describe('admin traffic pool (e2e)', () => {
  let h: TrafficHarness;
  let internal: GrpcClientHandle<telemetryInternal.TelemetryInternalServiceClient>;
  const admin = 900_000_901;
  const node = `relay-e2e-${randomUUID().slice(0, 8)}`;
  const key = randomUUID();

  beforeAll(async () => {
    h = await startTrafficHarness('e2e_admin_traffic');
    internal = createGrpcClient(internalContract('telemetry-svc'), {
      address: h.telemetry.grpcAddress,
      deadlineMs: 10_000,
    });
  }, 90_000);
  afterAll(async () => {
    internal?.close();
    await h?.stop();
  }, 30_000);

  it('shows heartbeating nodes, registers one, checks rotation and key usage', async () => {
    await internal.client.recordRelayHeartbeat({
      nodeId: node,
      intervalMs: 10_000,
      streamsOpen: 2,
      setupP50Ms: 3,
      setupP99Ms: 30,
      devices: [
        {
          sessionId: randomUUID(),
          telegramId: 77,
          deviceId: 'phone-77',
          exitIp: '73.9.9.9',
          country: 'US',
          streams: 2,
          milliMbPerS: 2_500,
          connectedAt: new Date().toISOString(),
        },
      ],
      keyExits: [
        {
          keyId: key,
          exitIp: '73.9.9.9',
          connections: 3,
          bytes: 3 * 1_048_576,
          ownerTelegramId: 77,
        },
        { keyId: key, exitIp: '73.9.9.8', connections: 1, bytes: 1_048_576, ownerTelegramId: 77 },
      ],
    });
    const pool = await h.call('GET', '/api/admin/traffic/pool', { sub: admin, role: 'superadmin' });
    expect(pool.status).toBe(200);
    expect(pool.body).toMatchObject({ status: 'success', devices_sharing: 1, distinct_ips: 1 });
    expect(pool.body.nodes).toEqual([
      expect.objectContaining({
        id: node,
        registered: false,
        status: 'up',
        streams_open: 2,
        devices: [expect.objectContaining({ exit_ip: '73.9.9.9', mb_per_s: 2.5, country: 'US' })],
      }),
    ]);
    expect(pool.body.free_slots).toBe(pool.body.pool_size - 1);

    const added = await h.call('POST', '/api/admin/traffic/pool/add', {
      sub: admin,
      role: 'superadmin',
      body: { node_id: node, url: 'wss://relay-e2e.example.com/tunnel', region: 'eu-central' },
    });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ created: true, node: { id: node, registered: true } });
    const bad = await h.call('POST', '/api/admin/traffic/pool/add', {
      sub: admin,
      role: 'superadmin',
      body: { node_id: node, url: 'ftp://x.example.com', region: 'eu' },
    });
    expect(bad).toMatchObject({ status: 400, body: { code: 'invalid_argument' } });

    const check = await h.call('GET', `/api/admin/traffic/pool/check?key_id=${key}&minutes=30`, {
      sub: admin,
      role: 'superadmin',
    });
    expect(check.status).toBe(200);
    expect(check.body.keys).toEqual([
      {
        key_id: key,
        connections: 4,
        distinct_exit_ips: 2,
        mb: 4,
        exit_ips: [
          { exit_ip: '73.9.9.9', connections: 3 },
          { exit_ip: '73.9.9.8', connections: 1 },
        ],
      },
    ]);
    const usage = await h.call('GET', `/api/admin/traffic/keys/${key}/usage`, {
      sub: admin,
      role: 'superadmin',
    });
    expect(usage.body).toMatchObject({ minutes: 1440, usage: { key_id: key, mb: 4 } });

    // The buyer (the keys' owner) sees their own keys; another user sees none of them.
    const mine = await h.call('GET', '/api/user/apis/usage?minutes=60', { sub: 77 });
    expect(mine.status).toBe(200);
    expect(mine.body.keys).toEqual([
      expect.objectContaining({ key_id: key, connections: 4, mb: 4 }),
    ]);
    const theirs = await h.call('GET', '/api/user/apis/usage', { sub: 78 });
    expect(theirs.body.keys).toEqual([]);
  });

  it('refuses users and moderators', async () => {
    for (const role of ['user', 'moderator'] as const) {
      expect((await h.call('GET', '/api/admin/traffic/pool', { sub: admin, role })).status).toBe(
        403,
      );
      expect(
        (await h.call('GET', '/api/admin/traffic/pool/check', { sub: admin, role })).status,
      ).toBe(403);
    }
  });
});
