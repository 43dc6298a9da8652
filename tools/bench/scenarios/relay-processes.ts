// The processes of the relay bench (one role per process, like production): `target` (an HTTP
// server: GET /<bytes> answers that many bytes; any other port connection is held open),
// `relay` (the relay app with in-memory key/device authorities and a counting sink) and
// `device` (one simulated phone: the device agent with real TCP to the target), and `pipe` (a
// plain TCP forwarder to a port: two of them in a row are the baseline of two process hops with
// no tunnel, no proxy protocol and no counting). Each reports
// over IPC: { ready, ports } once listening, and { memory } (after a full GC) when asked.

import { createServer as createHttp } from 'node:http';
import {
  connect as connectTcp,
  createServer as createTcp,
  type AddressInfo,
  type Socket,
} from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import type {
  ApiKeyGrant,
  DeviceAuthority,
  DeviceSession,
  KeyAuthority,
  UsageBatch,
  UsageSink,
} from '../../../apps/relay/src/access/authorities';
import { DeviceAgent } from '../../../apps/relay/src/device/device-agent';
import { startRelay } from '../../../apps/relay/src/relay-app';
import { DestinationPolicy } from '../../../apps/relay/src/safety/destination-policy';

export const BENCH_KEY = `tsk_${'b'.repeat(43)}`;
export const BENCH_TOKEN = 'bench-device-token';
export const BENCH_SESSION = '00000000-0000-4000-8000-00000000be0c';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function memory(): { rss: number; heapUsed: number } {
  gc();
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed };
}

function answer(extra: () => Record<string, unknown> = () => ({})): void {
  process.on('message', (message: { type: string }) => {
    if (message.type === 'memory') process.send?.({ type: 'memory', memory: memory(), ...extra() });
    if (message.type === 'exit') process.exit(0);
  });
}

async function target(): Promise<void> {
  const body = Buffer.alloc(1024 * 1024, 7);
  const http = createHttp((req, res) => {
    let size = Number(/(\d+)$/.exec(req.url ?? '')?.[1] ?? 0);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
    const pump = (): void => {
      while (size > 0) {
        const chunk = size >= body.length ? body : body.subarray(0, size);
        size -= chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
  http.keepAliveTimeout = 60_000;
  const held = new Set<Socket>();
  const hold = createTcp((socket) => {
    held.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => held.delete(socket));
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => hold.listen({ port: 0, host: '127.0.0.1', backlog: 8192 }, r));
  answer(() => ({ held: held.size }));
  process.send?.({
    type: 'ready',
    ports: {
      http: (http.address() as AddressInfo).port,
      hold: (hold.address() as AddressInfo).port,
    },
  });
}

async function relay(allowedPorts: number[]): Promise<void> {
  const grant: ApiKeyGrant = { keyId: 'bench', type: 'rotation', limitBytes: null, usedBytes: 0 };
  const keys: KeyAuthority = {
    authorize: async (key) => (key === BENCH_KEY ? grant : 'invalid_key'),
  };
  const session: DeviceSession = {
    sessionId: BENCH_SESSION,
    telegramId: 1,
    deviceId: 'bench-phone',
    country: 'UZ',
  };
  const devices: DeviceAuthority = {
    admit: async (token, id) =>
      token === BENCH_TOKEN && id === BENCH_SESSION ? session : 'session_not_found',
    stillRunning: async () => true,
  };
  let counted = 0;
  const usage: UsageSink = {
    record: async (batch: UsageBatch) => {
      for (const k of batch.keys) counted += k.bytes;
    },
  };
  const running = await startRelay(
    {
      host: '127.0.0.1',
      tunnelPort: 0,
      proxyPort: 0,
      socksPort: 0,
      destinations: {
        allowedPorts,
        allowedPrivateCidrs: ['127.0.0.0/8'],
        blockedDomains: [],
      },
      keyCacheMs: 60_000,
      stickyTtlMs: 60_000,
      maxStreamsPerKey: 100_000,
      flushMs: 1_000,
      sessionCheckMs: 300_000,
      trustProxy: false,
    },
    { keys, devices, usage },
  );
  answer(() => ({
    counted,
    streams: running.core.pool.list()[0]?.mux.streamCount ?? 0,
  }));
  process.on('message', (message: { type: string }) => {
    if (message.type === 'flush')
      void running.flush().then(() => process.send?.({ type: 'flushed', counted }));
  });
  process.send?.({ type: 'ready', ports: running.ports });
}

async function device(relayUrl: string, allowedPorts: number[]): Promise<void> {
  const agent = new DeviceAgent({
    relayUrl,
    accessToken: BENCH_TOKEN,
    sessionId: BENCH_SESSION,
    policy: new DestinationPolicy({
      allowedPorts,
      allowedPrivateCidrs: ['127.0.0.0/8'],
      blockedDomains: [],
    }),
  });
  agent.start();
  if (!(await agent.ready())) throw new Error('the relay refused the bench device');
  answer(() => ({ streams: agent.streamsOpened }));
  process.send?.({ type: 'ready', ports: {} });
}

async function pipe(to: number): Promise<void> {
  const server = createTcp((socket) => {
    const upstream = connectTcp(to, '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    const end = (): void => {
      socket.destroy();
      upstream.destroy();
    };
    socket.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  answer();
  process.send?.({ type: 'ready', ports: { pipe: (server.address() as AddressInfo).port } });
}

const [role, ...rest] = process.argv.slice(2);
const ports = (s: string | undefined): number[] => (s ?? '').split(',').map(Number);
const started =
  role === 'target'
    ? target()
    : role === 'relay'
      ? relay(ports(rest[0]))
      : role === 'device'
        ? device(rest[0] ?? '', ports(rest[1]))
        : role === 'pipe'
          ? pipe(Number(rest[0]))
          : Promise.reject(new Error(`unknown role ${role}`));
started.catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
