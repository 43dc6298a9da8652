import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { Server as GrpcServer, ServerCredentials } from '@grpc/grpc-js';

import { internalContract } from '@trafficshare/config';
import { authInternal, type telemetryInternal } from '@trafficshare/contracts';
import { serviceClientConstructor } from '@trafficshare/grpc';
import { freePort, pollUntil, spawnApp, type SpawnedApp } from '@trafficshare/testing';

// eslint-disable-next-line @nx/enforce-module-boundaries -- the simulator's own token minting, so the test signs exactly as the reference device does
import { mintAccessToken } from '../../../tools/simulate/credentials';
import type { UsageBatch } from './access/authorities';
import { DeviceAgent } from './device/device-agent';
import { DestinationPolicy } from './safety/destination-policy';

const run = promisify(execFile);
type Cb<T> = (err: { code: number; message: string } | null, res?: T) => void;

/**
 * auth-svc and telemetry-svc as the relay sees them (their internal gRPC contracts), applying
 * each batch id once like the real ones. `swallowAt`: the batch that brings an owner's total to
 * that many bytes is applied but never answered (the owner committed, the acknowledgement is
 * lost with the relay); batches before it are answered (a download may span several flushes).
 */
class Owners {
  readonly applied = new Map<string, number>();
  readonly received: string[] = [];
  keyBytes = 0;
  sessionBytes = 0;
  swallowAt = Infinity;
  private readonly servers: GrpcServer[] = [];
  authAddress = '';
  telemetryAddress = '';

  constructor(
    private readonly apiKey: string,
    private readonly session: { id: string; telegramId: number },
  ) {}

  private apply(kind: 'key' | 'session', batchId: string, bytes: number): boolean {
    const id = `${kind}:${batchId}`;
    this.received.push(id);
    if (this.applied.has(id)) return false;
    this.applied.set(id, bytes);
    if (kind === 'key') this.keyBytes += bytes;
    else this.sessionBytes += bytes;
    return true;
  }

  async start(): Promise<void> {
    const auth = new GrpcServer();
    auth.addService(serviceClientConstructor(internalContract('auth-svc')).service, {
      authorizeApiKey: (
        call: { request: authInternal.AuthorizeApiKeyRequest },
        cb: Cb<authInternal.AuthorizeApiKeyResponse>,
      ) =>
        cb(
          null,
          call.request.apiKey === this.apiKey
            ? {
                verdict: authInternal.ApiKeyVerdict.API_KEY_VERDICT_OK,
                keyId: 'k-sigkill',
                type: 'rotation',
                limitBytes: 0,
                usedBytes: this.keyBytes,
                telegramId: this.session.telegramId + 1,
              }
            : {
                verdict: authInternal.ApiKeyVerdict.API_KEY_VERDICT_INVALID,
                keyId: '',
                type: '',
                limitBytes: 0,
                usedBytes: 0,
                telegramId: 0,
              },
        ),
      recordApiKeyUsage: (
        call: { request: authInternal.RecordApiKeyUsageRequest },
        cb: Cb<authInternal.RecordApiKeyUsageResponse>,
      ) => {
        const bytes = call.request.usage.reduce((s, u) => s + Number(u.bytes), 0);
        const applied = this.apply('key', call.request.batchId, bytes);
        if (this.keyBytes < this.swallowAt) cb(null, { applied });
      },
    });
    const telemetry = new GrpcServer();
    telemetry.addService(serviceClientConstructor(internalContract('telemetry-svc')).service, {
      getRelaySession: (
        call: { request: telemetryInternal.GetRelaySessionRequest },
        cb: Cb<telemetryInternal.GetRelaySessionResponse>,
      ) => {
        const own =
          call.request.sessionId === this.session.id &&
          Number(call.request.telegramId) === this.session.telegramId;
        cb(null, { found: own, running: own, deviceId: own ? 'phone-1' : '', country: 'UZ' });
      },
      recordRelayHeartbeat: (
        _call: unknown,
        cb: Cb<telemetryInternal.RecordRelayHeartbeatResponse>,
      ) => cb(null, { registered: true }),
      recordRelayedTraffic: (
        call: { request: telemetryInternal.RecordRelayedTrafficRequest },
        cb: Cb<telemetryInternal.RecordRelayedTrafficResponse>,
      ) => {
        const bytes = call.request.sessions.reduce(
          (s, r) => s + Number(r.bytesUp) + Number(r.bytesDown),
          0,
        );
        if (bytes === 0) return cb(null, { applied: true }); // the tunnel's admission mark
        const applied = this.apply('session', call.request.batchId, bytes);
        if (this.sessionBytes < this.swallowAt) cb(null, { applied });
      },
    });
    const bind = async (server: GrpcServer): Promise<string> => {
      const address = `127.0.0.1:${await freePort()}`;
      await new Promise<void>((resolve, reject) =>
        server.bindAsync(address, ServerCredentials.createInsecure(), (err) =>
          err ? reject(err) : resolve(),
        ),
      );
      this.servers.push(server);
      return address;
    };
    this.authAddress = await bind(auth);
    this.telemetryAddress = await bind(telemetry);
  }

  stop(): void {
    for (const server of this.servers) server.forceShutdown();
  }
}

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

async function curl(args: string[]): Promise<{ code: number; size: number }> {
  try {
    const { stdout } = await run('curl', ['-sS', '--max-time', '20', ...args], {
      encoding: 'buffer',
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, size: stdout.length };
  } catch (error) {
    const failed = error as { code: number; stdout: Buffer };
    return { code: failed.code, size: failed.stdout?.length ?? 0 };
  }
}

// The relay as its own process, killed with SIGKILL while a batch it journaled is applied by
// its owners but not acknowledged: the restarted relay re-sends that batch (same id, applied
// once), the device's agent reconnects by itself, and every counted byte is counted exactly
// once — the rule: counted = in a journaled batch (acknowledged or not).
describe('relay SIGKILL (child process)', () => {
  const keys = generateKeyPairSync('ed25519');
  const privateKey = keys.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
  const publicKey = keys.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  const apiKey = `tsk_${randomBytes(32).toString('base64url')}`;
  const user = 7_700_000_000 + Math.floor(Math.random() * 1_000_000);
  const session = { id: randomUUID(), telegramId: user };
  const owners = new Owners(apiKey, session);
  const journal = mkdtempSync(join(tmpdir(), 'relay-sigkill-'));
  let target: Awaited<ReturnType<typeof startTarget>>;
  let relay: SpawnedApp;
  let agent: DeviceAgent;
  let env: NodeJS.ProcessEnv = {};
  let proxyPort = 0;

  const startRelayProcess = async (): Promise<SpawnedApp> => {
    const app = spawnApp('relay', env);
    await pollUntil(
      async () =>
        (await fetch(`http://127.0.0.1:${env.METRICS_PORT}/health/ready`).catch(() => undefined))
          ?.status === 200,
      { timeoutMs: 60_000, intervalMs: 200, description: 'relay ready' },
    ).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${app.output().slice(-3000)}`);
    });
    return app;
  };

  beforeAll(async () => {
    await owners.start();
    target = await startTarget();
    proxyPort = await freePort();
    env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      RELAY_HOST: '127.0.0.1',
      RELAY_TUNNEL_PORT: String(await freePort()),
      RELAY_PROXY_PORT: String(proxyPort),
      RELAY_SOCKS_PORT: String(await freePort()),
      METRICS_PORT: String(await freePort()),
      AUTH_GRPC_URL: owners.authAddress,
      TELEMETRY_GRPC_URL: owners.telemetryAddress,
      JWT_PUBLIC_KEY: publicKey,
      RELAY_ALLOWED_PORTS: String(target.port),
      RELAY_ALLOWED_PRIVATE_CIDRS: '127.0.0.0/8',
      RELAY_FLUSH_MS: '200',
      RELAY_KEY_CACHE_MS: '0',
      RELAY_JOURNAL_DIR: journal,
      GRPC_DEADLINE_MS: '60000',
    };
    relay = await startRelayProcess();
    agent = new DeviceAgent({
      relayUrl: `ws://127.0.0.1:${env.RELAY_TUNNEL_PORT}`,
      accessToken: mintAccessToken(privateKey, user),
      sessionId: session.id,
      policy: new DestinationPolicy({
        allowedPorts: [target.port],
        allowedPrivateCidrs: ['127.0.0.0/8'],
        blockedDomains: [],
      }),
    });
    agent.start();
    await expect(agent.ready()).resolves.toBe(true);
  }, 90_000);

  afterAll(async () => {
    agent?.stop();
    await relay?.stop();
    owners.stop();
    await new Promise((resolve) => target?.server.close(resolve));
    rmSync(journal, { recursive: true, force: true });
  }, 30_000);

  const download = (size: number) =>
    curl([
      '-x',
      `http://${apiKey}:x@127.0.0.1:${proxyPort}`,
      `http://127.0.0.1:${target.port}/${size}`,
    ]);

  it('counts each journaled batch once across the kill, and the device comes back', async () => {
    // 1. Counted, flushed and acknowledged before the kill.
    const before = target.wire();
    expect(await download(200_000)).toEqual({ code: 0, size: 200_000 });
    const firstWire = target.wire() - before;
    await pollUntil(
      async () => owners.keyBytes === firstWire && owners.sessionBytes === firstWire,
      {
        timeoutMs: 90_000,
        description: `the first download acknowledged (${firstWire})`,
      },
    ).catch(async (err: unknown) => {
      // What the relay counted, holds unflushed and failed to write, and its own warnings.
      const metrics = await fetch(`http://127.0.0.1:${env.METRICS_PORT}/metrics`)
        .then((r) => r.text())
        .catch((e: unknown) => String(e));
      const counted = metrics.split('\n').filter((l) => /^relay_(bytes|unflushed|usage)/.test(l));
      const warnings = relay
        .output()
        .split('\n')
        .filter((l) => l && !l.includes('pool heartbeat failed'));
      throw new Error(
        `${String(err)}: key ${owners.keyBytes}, session ${owners.sessionBytes}\n` +
          `${counted.join('\n')}\n${warnings.slice(-20).join('\n').slice(-4000)}`,
      );
    });
    expect(owners.sessionBytes).toBe(firstWire);

    // 2. The owners apply the batch that completes the next download, but that batch's
    //    acknowledgement never comes back.
    const mid = target.wire();
    // Its request and headers are as long as the first one's (same number of digits), so its
    // bytes on the wire are known before it starts: the batch that completes them is the last.
    const expectedWire = firstWire + 100_000;
    owners.swallowAt = firstWire + expectedWire;
    expect(await download(300_000)).toEqual({ code: 0, size: 300_000 });
    const secondWire = target.wire() - mid;
    expect(secondWire).toBe(expectedWire);
    const both = (n: number) => owners.keyBytes === n && owners.sessionBytes === n;
    await pollUntil(async () => both(firstWire + secondWire), {
      timeoutMs: 60_000,
      description: `the second download applied, its last batch unacknowledged (${secondWire})`,
    });
    const pending = readdirSync(journal).filter((n) => n.endsWith('.json'));
    expect(pending).toHaveLength(1);
    const journaled = JSON.parse(readFileSync(join(journal, pending[0]), 'utf8')) as UsageBatch;
    expect(journaled.keys).toEqual([
      { keyId: 'k-sigkill', bytes: owners.applied.get(`key:${journaled.batchId}`) },
    ]);
    expect(journaled.keys[0].bytes).toBeGreaterThan(0);

    // 3. SIGKILL: no graceful flush, no goodbye to the device.
    await relay.kill();
    owners.swallowAt = Infinity;
    await pollUntil(async () => !agent.connected, { timeoutMs: 30_000 });
    relay = await startRelayProcess();

    // 4. The journaled batch is re-sent with its id: received twice, applied once; the journal
    //    empties; the agent reconnects with its backoff.
    await pollUntil(
      async () => readdirSync(journal).filter((n) => n.endsWith('.json')).length === 0,
      {
        timeoutMs: 60_000,
        description: 'the journal drained after the restart',
      },
    );
    expect(owners.received.filter((r) => r === `key:${journaled.batchId}`)).toHaveLength(2);
    expect(owners.keyBytes).toBe(firstWire + secondWire);
    expect(owners.sessionBytes).toBe(firstWire + secondWire);
    await pollUntil(async () => agent.connected, {
      timeoutMs: 60_000,
      description: 'the device agent reconnected',
    });

    // 5. Traffic after the restart is counted on top, exactly.
    const after = target.wire();
    // The agent's tunnel may be up before the relay has it in its pool (503 no_device).
    const third = await pollUntil(
      async () => {
        const r = await download(100_000);
        return r.code === 0 ? r : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, description: 'a download after the restart' },
    );
    expect(third).toEqual({ code: 0, size: 100_000 });
    const thirdWire = target.wire() - after;
    await pollUntil(async () => both(firstWire + secondWire + thirdWire), {
      timeoutMs: 60_000,
      description: 'the third download acknowledged',
    });
    expect(owners.sessionBytes).toBe(firstWire + secondWire + thirdWire);
    expect(new Set(owners.applied.keys()).size).toBe(owners.applied.size);
  }, 300_000);
});
