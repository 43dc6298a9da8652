import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import WebSocket from 'ws';

import { SERVICES } from '@trafficshare/config';
import { freePort, pollUntil, spawnApp, type SpawnedApp } from '@trafficshare/testing';

import { devSecrets, login } from '../../tools/simulate/credentials';
import { simulate, type SimSummary } from '../../tools/simulate/run';
import { Stack } from '../stack';

const run = promisify(execFile);
type Json = Record<string, unknown>;

async function startTarget(): Promise<{ server: Server; port: number; wire: () => number }> {
  let bytes = 0;
  const live = new Set<Socket>();
  const server = createServer((req, res) => {
    const size = Number(/(\d+)$/.exec(req.url ?? '')?.[1] ?? 0);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
    res.end(Buffer.alloc(size, 7));
  });
  server.on('connection', (socket) => {
    live.add(socket);
    socket.on('close', () => {
      bytes += socket.bytesRead + socket.bytesWritten;
      live.delete(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const wire = (): number =>
    bytes + [...live].reduce((s, socket) => s + socket.bytesRead + socket.bytesWritten, 0);
  return { server, port: (server.address() as AddressInfo).port, wire };
}

// The whole platform as processes plus the relay as its own process and `npm run simulate --
// --relay` phones: a buyer's curl (plain HTTP, CONNECT, SOCKS5) reaches a local server through
// the phones; the bytes on the wire are the key's used MB, the sessions' server count (what the
// simulator's phones carried) and what the ledger pays; the admin pool shows the phones.
describe('relay on the platform (simulate --relay, curl, real services)', () => {
  let stack: Stack;
  let relay: SpawnedApp;
  let target: Awaited<ReturnType<typeof startTarget>>;
  const journal = mkdtempSync(join(tmpdir(), 'relay-e2e-'));
  const admin = 7_900_000_000 + (Date.now() % 1_000_000);
  const buyer = admin + 1;
  const ports = { tunnel: 0, proxy: 0, socks: 0, metrics: 0 };

  beforeAll(async () => {
    target = await startTarget();
    stack = await Stack.start('e2e_relay_platform', { env: { ADMIN_IDS: String(admin) } });
    // Seven processes compiling at once on a busy machine can take minutes.
    await stack.waitReady(360_000);
    for (const k of Object.keys(ports) as (keyof typeof ports)[]) ports[k] = await freePort();
    const gatewayEnv = stack.env.get('gateway')!;
    relay = spawnApp('relay', {
      ...stack.ctx.env,
      AUTH_GRPC_URL: gatewayEnv[SERVICES['auth-svc'].urlEnv],
      TELEMETRY_GRPC_URL: gatewayEnv[SERVICES['telemetry-svc'].urlEnv],
      RELAY_TUNNEL_PORT: String(ports.tunnel),
      RELAY_PROXY_PORT: String(ports.proxy),
      RELAY_SOCKS_PORT: String(ports.socks),
      METRICS_PORT: String(ports.metrics),
      RELAY_ALLOWED_PRIVATE_CIDRS: '127.0.0.0/8',
      RELAY_ALLOWED_PORTS: String(target.port),
      RELAY_FLUSH_MS: '300',
      RELAY_HEARTBEAT_MS: '300',
      RELAY_KEY_CACHE_MS: '0',
      RELAY_JOURNAL_DIR: journal,
      RELAY_NODE_ID: 'relay-e2e',
    });
    await pollUntil(
      async () =>
        (await fetch(`http://127.0.0.1:${ports.metrics}/health/ready`).catch(() => undefined))
          ?.status === 200,
      { timeoutMs: 240_000, intervalMs: 300, description: 'relay ready' },
    ).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${relay.output().slice(-3000)}`);
    });
  }, 480_000);

  afterAll(async () => {
    await relay?.stop();
    await stack?.stop();
    await new Promise((resolve) => target?.server.close(resolve));
    rmSync(journal, { recursive: true, force: true });
  }, 60_000);

  const api = async (token: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${stack.gatewayUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as Json };
  };

  const curl = async (args: string[]): Promise<number> => {
    const { stdout } = await run('curl', ['-sS', '--max-time', '30', ...args], {
      encoding: 'buffer',
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout.length;
  };

  it('carries a buyer’s requests through simulated phones; every count equals the wire', async () => {
    const secrets = devSecrets();
    const adminToken = await login(stack.gatewayUrl, admin, secrets);
    await login(stack.gatewayUrl, buyer, secrets); // a key belongs to a known user
    const created = await api(adminToken, 'POST', '/api/admin/apis/create', {
      telegram_id: buyer,
      type: 'rotation',
      limit_mb: 100,
      days: 30,
    });
    expect(created.status).toBe(201);
    const key = created.body.api_key as string;
    const keyId = (created.body.api as Json).id as string;

    // The live monitor, on the same platform: its allow counts and reports come from the totals
    // every filter and telemetry process adds to in Redis (not from the replica a call reached).
    const monitor: Json[] = [];
    const ws = new WebSocket(`${stack.gatewayUrl.replace(/^http/, 'ws')}/ws/admin/monitor`, [
      'bearer',
      adminToken,
    ]);
    ws.on('message', (raw: Buffer) => {
      const frame = JSON.parse(raw.toString('utf8')) as Json;
      if (frame.type === 'monitor') monitor.push(frame.data as Json);
    });
    await pollUntil(async () => monitor.length > 0, {
      timeoutMs: 30_000,
      description: 'a first monitor tick',
    });

    let wire = 0;
    let pool: Json = {};
    const summary: SimSummary = await simulate({
      url: stack.gatewayUrl,
      devices: 2,
      intervalS: 2,
      durationS: 8,
      dupRate: 0,
      reorderRate: 0,
      devicesPerUser: 1,
      firstUserId: admin + 10,
      publicIps: true,
      log: () => undefined,
      relay: {
        url: `ws://127.0.0.1:${ports.tunnel}`,
        settleMs: 60_000,
        policy: {
          allowedPorts: [target.port],
          allowedPrivateCidrs: ['127.0.0.0/8'],
          blockedDomains: [],
        },
      },
      onRunning: async () => {
        const before = target.wire();
        const url = `http://127.0.0.1:${target.port}/400000`;
        const proxy = `http://${key}:x@127.0.0.1:${ports.proxy}`;
        // The tunnels open right after START; wait until the relay has both phones.
        await pollUntil(async () => (await curl(['-x', proxy, url]).catch(() => 0)) === 400_000, {
          timeoutMs: 60_000,
          description: 'the first request through the relay',
        });
        expect(await curl(['-p', '-x', proxy, url])).toBe(400_000);
        expect(await curl(['-x', `socks5h://${key}:x@127.0.0.1:${ports.socks}`, url])).toBe(
          400_000,
        );
        wire = target.wire() - before;
        pool = (
          await pollUntil(
            async () => {
              const r = await api(adminToken, 'GET', '/api/admin/traffic/pool');
              return r.body.devices_sharing === 2 ? r : undefined;
            },
            { timeoutMs: 60_000, description: 'the pool shows both phones' },
          )
        ).body;
      },
    });

    // Both phones' STARTs were allowed while the monitor watched (one tick may carry both).
    await pollUntil(
      async () =>
        monitor.reduce((n, t) => n + Number((t.filter as Json | null)?.allowed ?? 0), 0) >= 2,
      { timeoutMs: 30_000, description: 'the monitor counted both allowed STARTs' },
    ).finally(() => ws.close());
    expect(monitor.some((t) => Number(t.reports_per_s) > 0)).toBe(true);

    // The phones' own count of what they carried is the server's count of their sessions.
    expect(summary).toMatchObject({ started: 2, lostMb: 0, doubleCountedMb: 0, ok: true });
    expect(summary.relay?.tunnelsOpened).toBe(2);
    const wireMilli = Math.floor((wire * 1000) / 1_048_576);
    // Failed first attempts (no device yet) carried nothing; the rest is the wire.
    expect(Math.round(summary.relay!.carriedMb * 1000)).toBeGreaterThanOrEqual(wireMilli - 2);
    expect(Math.round(summary.relay!.carriedMb * 1000)).toBeLessThanOrEqual(wireMilli);
    expect(pool).toMatchObject({ devices_sharing: 2 });
    expect((pool.nodes as Json[]).map((n) => n.id)).toContain('relay-e2e');

    // The key's used MB are the wire's bytes (3 decimals).
    // (auth-svc applies the key's side of the last batch alongside telemetry-svc: wait for it.)
    const usedMb = async () => {
      const keys = await api(adminToken, 'GET', `/api/admin/apis?telegram_id=${buyer}`);
      return Number((keys.body.apis as Json[]).find((a) => a.id === keyId)!.used_mb);
    };
    const close = async () => Math.abs((await usedMb()) - wire / 1_048_576) < 0.002;
    await pollUntil(close, { timeoutMs: 60_000, intervalMs: 250 }).catch(() => undefined);
    expect(Math.abs((await usedMb()) - wire / 1_048_576)).toBeLessThan(0.002);

    // The rotation check saw the buyer's connections.
    const check = await api(adminToken, 'GET', `/api/admin/traffic/pool/check?key_id=${keyId}`);
    expect(((check.body.keys as Json[])[0] ?? {}).connections).toBeGreaterThanOrEqual(3);
  }, 300_000);
});
