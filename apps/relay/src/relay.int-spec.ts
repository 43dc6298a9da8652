import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { promisify } from 'node:util';

import { pollUntil } from '@trafficshare/testing';

import type {
  ApiKeyGrant,
  DeviceAuthority,
  DeviceRefusal,
  DeviceSession,
  KeyAuthority,
  KeyRefusal,
  UsageBatch,
  UsageSink,
} from './access/authorities';
import { DeviceAgent } from './device/device-agent';
import { startRelay, type RelayAppConfig, type RunningRelay } from './relay-app';
import { DestinationPolicy } from './safety/destination-policy';

const run = promisify(execFile);

/** What auth-svc and telemetry-svc answer, held in memory for this test. */
class TestKeys implements KeyAuthority {
  readonly grants = new Map<string, ApiKeyGrant | KeyRefusal>();
  async authorize(apiKey: string): Promise<ApiKeyGrant | KeyRefusal> {
    return this.grants.get(apiKey) ?? 'invalid_key';
  }
  add(grant: Omit<ApiKeyGrant, 'usedBytes'> & { usedBytes?: number }): string {
    const key = `tsk_${randomBytes(32).toString('base64url')}`;
    this.grants.set(key, { usedBytes: 0, ...grant });
    return key;
  }
}

class TestDevices implements DeviceAuthority {
  readonly sessions = new Map<string, DeviceSession & { token: string; running: boolean }>();
  async admit(token: string, sessionId: string): Promise<DeviceSession | DeviceRefusal> {
    const session = this.sessions.get(sessionId);
    if (!session || session.token !== token) return 'session_not_found';
    return session.running ? session : 'session_not_running';
  }
  async stillRunning(session: DeviceSession): Promise<boolean> {
    return this.sessions.get(session.sessionId)?.running ?? false;
  }
  add(sessionId: string, country = 'UZ'): { token: string; sessionId: string } {
    const token = randomBytes(16).toString('hex');
    this.sessions.set(sessionId, {
      sessionId,
      telegramId: 1000 + this.sessions.size,
      deviceId: `device-${sessionId}`,
      country,
      token,
      running: true,
    });
    return { token, sessionId };
  }
}

class TestUsage implements UsageSink {
  readonly batches: UsageBatch[] = [];
  async record(batch: UsageBatch): Promise<void> {
    this.batches.push(batch);
  }
  keyBytes(keyId: string): number {
    return this.batches
      .flatMap((b) => b.keys)
      .filter((k) => k.keyId === keyId)
      .reduce((s, k) => s + k.bytes, 0);
  }
  sessionBytes(sessionId: string): { up: number; down: number } {
    const rows = this.batches.flatMap((b) => b.sessions).filter((s) => s.sessionId === sessionId);
    return {
      up: rows.reduce((s, r) => s + r.bytesUp, 0),
      down: rows.reduce((s, r) => s + r.bytesDown, 0),
    };
  }
}

/** A target web server that records the bytes it read and wrote on each connection. */
async function startTarget(): Promise<{ server: Server; port: number; wire: () => number }> {
  let bytes = 0;
  const live = new Set<Socket>();
  const server = createServer((req, res) => {
    const size = Number(/(\d+)$/.exec(req.url ?? '')?.[1] ?? 0);
    const slow = req.url?.includes('slow') ?? false;
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
    if (!slow) return res.end(Buffer.alloc(size, 7));
    let sent = 0;
    const timer = setInterval(() => {
      const chunk = Math.min(16_384, size - sent);
      res.write(Buffer.alloc(chunk, 7));
      sent += chunk;
      if (sent >= size) {
        clearInterval(timer);
        res.end();
      }
    }, 20);
    res.on('close', () => clearInterval(timer));
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

async function curl(args: string[]): Promise<{ code: number; body: Buffer; stderr: string }> {
  try {
    const { stdout, stderr } = await run('curl', ['-sS', '--max-time', '20', ...args], {
      encoding: 'buffer',
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, body: stdout, stderr: stderr.toString() };
  } catch (error) {
    const failed = error as { code: number; stdout: Buffer; stderr: Buffer };
    return { code: failed.code, body: failed.stdout, stderr: failed.stderr.toString() };
  }
}

describe('relay (buyer → relay → device tunnel → target, real sockets and curl)', () => {
  let target: Awaited<ReturnType<typeof startTarget>>;
  let relay: RunningRelay;
  const keys = new TestKeys();
  const devices = new TestDevices();
  const usage = new TestUsage();
  const agents: DeviceAgent[] = [];

  const config = (port: number): RelayAppConfig => ({
    host: '127.0.0.1',
    tunnelPort: 0,
    proxyPort: 0,
    socksPort: 0,
    destinations: {
      allowedPorts: [port],
      allowedPrivateCidrs: ['127.0.0.0/8'],
      blockedDomains: [],
    },
    keyCacheMs: 0,
    stickyTtlMs: 60_000,
    maxStreamsPerKey: 100,
    flushMs: 60_000,
    sessionCheckMs: 100,
    trustProxy: false,
  });

  async function device(sessionId: string): Promise<DeviceAgent> {
    const { token } = devices.add(sessionId);
    const agent = new DeviceAgent({
      relayUrl: `ws://127.0.0.1:${relay.ports.tunnel}`,
      accessToken: token,
      sessionId,
      policy: new DestinationPolicy(config(target.port).destinations),
    });
    agents.push(agent);
    agent.start();
    await expect(agent.ready()).resolves.toBe(true);
    return agent;
  }

  const url = (path: string): string => `http://127.0.0.1:${target.port}${path}`;
  const proxy = (key: string): string => `http://${key}:x@127.0.0.1:${relay.ports.proxy}`;

  beforeAll(async () => {
    target = await startTarget();
    relay = await startRelay(config(target.port), { keys, devices, usage });
  });

  afterEach(async () => {
    for (const agent of agents.splice(0)) agent.stop();
    await pollUntil(async () => relay.core.pool.size === 0, { timeoutMs: 5_000 });
    await relay.flush();
  });

  afterAll(async () => {
    await relay.stop();
    await new Promise((resolve) => target.server.close(resolve));
  });

  it.each([
    ['plain HTTP through the HTTP proxy', (key: string) => ['-x', proxy(key)]],
    ['CONNECT through the HTTP proxy', (key: string) => ['-p', '-x', proxy(key)]],
    ['SOCKS5', (key: string) => ['-x', `socks5h://${key}:x@127.0.0.1:${relay.ports.socks}`]],
  ])(
    '%s: the body arrives and the counted bytes equal the bytes on the wire',
    async (_name, via) => {
      await device('s-wire');
      const key = keys.add({ keyId: `k-${_name}`, type: 'rotation', limitBytes: null });
      const before = target.wire();
      const result = await curl([...via(key), url('/bytes/300000')]);
      expect(result.stderr).toBe('');
      expect(result.body.length).toBe(300_000);
      await pollUntil(async () => relay.core.pool.list()[0]?.mux.streamCount === 0, {
        timeoutMs: 5_000,
      });
      await relay.flush();
      const wire = target.wire() - before;
      expect(usage.keyBytes(`k-${_name}`)).toBe(wire);
    },
  );

  it('cuts a key off mid-stream at its limit, then refuses it', async () => {
    await device('s-limit');
    const key = keys.add({ keyId: 'k-limit', type: 'rotation', limitBytes: 100_000 });
    const cut = await curl(['-x', proxy(key), url('/bytes/slow/1000000')]);
    expect(cut.code).not.toBe(0);
    expect(cut.body.length).toBeLessThan(1_000_000);
    const refused = await curl([
      '-x',
      proxy(key),
      '-w',
      '%{http_code}',
      '-o',
      '/dev/null',
      url('/bytes/10'),
    ]);
    expect(refused.body.toString()).toBe('402');
    await relay.flush();
    expect(usage.keyBytes('k-limit')).toBeGreaterThanOrEqual(100_000);
  });

  it('refuses private destinations, other ports and bad keys with a clear status', async () => {
    await device('s-refuse');
    const key = keys.add({ keyId: 'k-refuse', type: 'rotation', limitBytes: null });
    const status = async (args: string[]): Promise<string> =>
      (await curl([...args, '-o', '/dev/null', '-w', '%{http_code}'])).body.toString();
    expect(await status(['-x', proxy(key), `http://10.0.0.1:${target.port}/`])).toBe('403');
    expect(await status(['-x', proxy(key), 'http://127.0.0.1:22/'])).toBe('403');
    expect(
      await status(['-x', proxy(`tsk_${randomBytes(32).toString('base64url')}`), url('/')]),
    ).toBe('407');
    expect(await status(['-x', `http://127.0.0.1:${relay.ports.proxy}`, url('/')])).toBe('407');
  });

  it('closes the tunnel of a session that stopped, and the device does not come back', async () => {
    const agent = await device('s-stop');
    devices.sessions.get('s-stop')!.running = false;
    await pollUntil(async () => !agent.connected, { timeoutMs: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(agent.connected).toBe(false);
    expect(relay.core.pool.size).toBe(0);
  });

  it('a device leaving mid-stream ends the buyer connection, and the bytes it carried stay counted', async () => {
    const agent = await device('s-leave');
    const key = keys.add({ keyId: 'k-leave', type: 'rotation', limitBytes: null });
    const download = curl(['-x', proxy(key), url('/bytes/slow/5000000')]);
    await pollUntil(async () => agent.bytesDown > 50_000, { timeoutMs: 10_000 });
    agent.stop();
    const result = await download;
    expect(result.code).not.toBe(0);
    await relay.flush();
    expect(usage.keyBytes('k-leave')).toBeGreaterThan(50_000);
    expect(usage.sessionBytes('s-leave').down).toBeGreaterThanOrEqual(result.body.length);
  });

  it('buyers leaving mid-download: the device and the relay count the same bytes', async () => {
    const agent = await device('s-abort');
    const key = keys.add({ keyId: 'k-abort', type: 'rotation', limitBytes: null });
    const auth = Buffer.from(`${key}:x`).toString('base64');
    // Five fast 20 MB downloads, each dropped by the buyer after 1 MB: DATA frames are on the
    // wire both ways when the relay resets the stream.
    for (let i = 0; i < 5; i += 1) {
      await new Promise<void>((resolve, reject) => {
        const socket = connect(relay.ports.proxy, '127.0.0.1', () =>
          socket.write(
            `GET ${url('/bytes/20000000')} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
              `Proxy-Authorization: Basic ${auth}\r\n\r\n`,
          ),
        );
        let got = 0;
        socket.on('data', (chunk: Buffer) => {
          got += chunk.length;
          if (got > 1_000_000) socket.destroy();
        });
        socket.on('close', () => (got > 1_000_000 ? resolve() : reject(new Error(`${got} B`))));
        socket.on('error', () => undefined);
      });
    }
    const mux = relay.core.pool.list()[0].mux;
    await pollUntil(async () => mux.streamCount === 0 && mux.drainingCount === 0, {
      timeoutMs: 30_000,
      description: 'every reset stream answered',
    });
    await relay.flush();
    const counted = usage.sessionBytes('s-abort');
    expect(agent.bytesDown).toBeGreaterThan(5_000_000);
    expect(agent.bytesDown).toBeLessThan(100_000_000);
    expect(counted).toEqual({ up: agent.bytesUp, down: agent.bytesDown });
    expect(usage.keyBytes('k-abort')).toBe(agent.bytesUp + agent.bytesDown);
  }, 60_000);

  it('rotation keys leave through different devices; sticky sessions keep one', async () => {
    await device('s-a');
    await device('s-b');
    const rotation = keys.add({ keyId: 'k-rot', type: 'rotation', limitBytes: null });
    const sticky = keys.add({ keyId: 'k-sticky', type: 'traffic', limitBytes: null });
    for (let i = 0; i < 4; i += 1) await curl(['-x', proxy(rotation), url('/bytes/1000')]);
    await relay.flush();
    const a = usage.sessionBytes('s-a').down;
    const b = usage.sessionBytes('s-b').down;
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    const beforeA = a;
    const beforeB = b;
    for (let i = 0; i < 4; i += 1)
      await curl(['-x', proxy(`${sticky}-session-abc123`), url('/bytes/1000')]);
    await relay.flush();
    const grewA = usage.sessionBytes('s-a').down > beforeA;
    const grewB = usage.sessionBytes('s-b').down > beforeB;
    expect(grewA !== grewB).toBe(true);
  });
});
