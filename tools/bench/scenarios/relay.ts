// `npm run bench -- relay [--bulk-mb 256] [--streams 5000] [--requests 1000] [--rounds 3]`:
// the relay's data plane on loopback, self-contained (no platform needed): a target server, one
// relay and one simulated device, each its own process (relay-processes.ts); this process is
// the buyer. Measures
//   1. bulk download throughput through the HTTP proxy vs the same download direct (ratio);
//   2. N concurrent CONNECT streams held open, and the relay's RSS and heap per stream (after a
//      full GC in the relay);
//   3. added latency of small requests (a new connection each, direct and proxied), p50/p99.
import { fork, type ChildProcess } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join, resolve } from 'node:path';

import { BENCH_KEY } from './relay-processes';

const say = (m: string): void => void process.stdout.write(`[bench relay] ${m}\n`);
const ROOT = resolve(__dirname, '..', '..', '..');
const AUTH = `Basic ${Buffer.from(`${BENCH_KEY}:x`).toString('base64')}`;

interface Proc {
  readonly child: ChildProcess;
  readonly ports: Record<string, number>;
  ask<T>(type: string, reply?: string): Promise<T>;
}

function start(args: string[]): Promise<Proc> {
  const child = fork(
    join(ROOT, 'tools', 'run-ts.cjs'),
    [join(__dirname, 'relay-processes.ts'), ...args],
    {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const ask = <T>(type: string, reply = type): Promise<T> =>
    new Promise((resolve) => {
      const on = (message: { type: string }): void => {
        if (message.type !== reply) return;
        child.off('message', on);
        resolve(message as T);
      };
      child.on('message', on);
      child.send({ type });
    });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)));
    child.on('message', (message: { type: string; ports?: Record<string, number> }) => {
      if (message.type === 'ready') resolve({ child, ports: message.ports ?? {}, ask });
    });
  });
}

/** Seconds to download `bytes` (direct, through the proxy as an absolute-URI request, or to
 *  `viaPort`: the same request sent to a plain forwarder in front of the target). */
function download(
  url: string,
  proxyPort?: number,
  viaPort?: number,
): Promise<{ seconds: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const u = new URL(url);
    const req = request(
      viaPort
        ? { host: '127.0.0.1', port: viaPort, path: u.pathname, agent: false }
        : proxyPort
          ? {
              host: '127.0.0.1',
              port: proxyPort,
              path: url,
              headers: { host: u.host, 'proxy-authorization': AUTH },
              agent: false,
            }
          : { host: u.hostname, port: Number(u.port), path: u.pathname, agent: false },
      (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () =>
          resolve({ seconds: Number(process.hrtime.bigint() - t0) / 1e9, bytes }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const round = (v: number, d = 2): number => Math.round(v * 10 ** d) / 10 ** d;

/** Opens a CONNECT tunnel through the proxy; resolves once the relay answered 200. */
function openStream(proxyPort: number, target: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(proxyPort, '127.0.0.1');
    socket.setTimeout(60_000, () => socket.destroy(new Error('timeout')));
    socket.once('error', reject);
    socket.once('connect', () =>
      socket.write(
        `CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\nProxy-Authorization: ${AUTH}\r\n\r\n`,
      ),
    );
    socket.once('data', (chunk: Buffer) => {
      socket.setTimeout(0);
      if (chunk.toString('latin1').startsWith('HTTP/1.1 200')) resolve(socket);
      else reject(new Error(chunk.toString('latin1').split('\r\n')[0]));
    });
  });
}

function flag(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

export async function runRelayBench(argv: string[]): Promise<number> {
  const bulkMb = flag(argv, 'bulk-mb', 256);
  const streams = flag(argv, 'streams', 5_000);
  const requests = flag(argv, 'requests', 1_000);
  const rounds = flag(argv, 'rounds', 3);
  const target = await start(['target']);
  const allowed = `${target.ports.http},${target.ports.hold}`;
  const relay = await start(['relay', allowed]);
  const device = await start(['device', `ws://127.0.0.1:${relay.ports.tunnel}`, allowed]);
  const pipeB = await start(['pipe', String(target.ports.http)]);
  const pipeA = await start(['pipe', String(pipeB.ports.pipe)]);
  const procs = [device, relay, target, pipeA, pipeB];
  try {
    const proxy = relay.ports.proxy;
    const bulkUrl = `http://127.0.0.1:${target.ports.http}/${bulkMb * 1_048_576}`;
    say(
      `1. bulk download of ${bulkMb} MB, ${rounds} rounds each: direct, through two plain TCP hops (baseline: as many processes as the relay path, no tunnel) and through the relay, in turn`,
    );
    await download(`http://127.0.0.1:${target.ports.http}/1048576`, proxy); // warm-up
    const direct: number[] = [];
    const hops: number[] = [];
    const proxied: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const d = await download(bulkUrl);
      const h = await download(bulkUrl, undefined, pipeA.ports.pipe);
      const p = await download(bulkUrl, proxy);
      if (d.bytes !== bulkMb * 1_048_576 || p.bytes !== d.bytes || h.bytes !== d.bytes)
        throw new Error('short download');
      direct.push(bulkMb / d.seconds);
      hops.push(bulkMb / h.seconds);
      proxied.push(bulkMb / p.seconds);
      say(
        `   round ${i + 1}: direct ${round(direct[i], 1)} MB/s, two plain hops ${round(hops[i], 1)} MB/s, relay ${round(proxied[i], 1)} MB/s`,
      );
    }
    const throughput = {
      directMbS: round(median(direct), 1),
      twoHopsMbS: round(median(hops), 1),
      proxiedMbS: round(median(proxied), 1),
      ratio: round(median(proxied) / median(direct), 3),
      twoHopsRatio: round(median(hops) / median(direct), 3),
      relayToHops: round(median(proxied) / median(hops), 3),
    };
    say(
      `   median: direct ${throughput.directMbS} MB/s, two plain hops ${throughput.twoHopsMbS} MB/s (ratio ${throughput.twoHopsRatio}), relay ${throughput.proxiedMbS} MB/s (ratio ${throughput.ratio}, goal ≥ 0.5; ${throughput.relayToHops} of the plain hops)`,
    );

    say(
      `2. small requests (100 B), a new connection each: ${requests} direct and ${requests} proxied, interleaved`,
    );
    const small = `http://127.0.0.1:${target.ports.http}/100`;
    const directMs: number[] = [];
    const proxiedMs: number[] = [];
    for (let i = 0; i < requests; i++) {
      directMs.push((await download(small)).seconds * 1000);
      proxiedMs.push((await download(small, proxy)).seconds * 1000);
    }
    directMs.sort((a, b) => a - b);
    proxiedMs.sort((a, b) => a - b);
    const latency = {
      directP50Ms: round(pct(directMs, 50)),
      directP99Ms: round(pct(directMs, 99)),
      proxiedP50Ms: round(pct(proxiedMs, 50)),
      proxiedP99Ms: round(pct(proxiedMs, 99)),
      addedP50Ms: round(pct(proxiedMs, 50) - pct(directMs, 50)),
      addedP99Ms: round(pct(proxiedMs, 99) - pct(directMs, 99)),
    };
    say(
      `   direct p50 ${latency.directP50Ms} ms p99 ${latency.directP99Ms} ms; proxied p50 ${latency.proxiedP50Ms} ms p99 ${latency.proxiedP99Ms} ms; added p50 ${latency.addedP50Ms} ms, p99 ${latency.addedP99Ms} ms`,
    );

    say(`3. ${streams} concurrent CONNECT streams held open`);
    type Mem = { memory: { rss: number; heapUsed: number }; streams: number };
    const before = await relay.ask<Mem>('memory');
    const held: Socket[] = [];
    const t0 = Date.now();
    const holdTarget = `127.0.0.1:${target.ports.hold}`;
    for (let i = 0; i < streams; i += 250) {
      const batch = Math.min(250, streams - i);
      held.push(
        ...(await Promise.all(Array.from({ length: batch }, () => openStream(proxy, holdTarget)))),
      );
    }
    const openS = (Date.now() - t0) / 1000;
    const after = await relay.ask<Mem>('memory');
    const atTarget = await target.ask<{ held: number }>('memory');
    const mb = (b: number): number => round(b / 1_048_576, 1);
    const held5k = {
      streams: held.length,
      relayStreams: after.streams,
      heldAtTarget: atTarget.held,
      openSeconds: round(openS, 2),
      relayRssBeforeMb: mb(before.memory.rss),
      relayRssAfterMb: mb(after.memory.rss),
      rssPerStreamKb: round((after.memory.rss - before.memory.rss) / held.length / 1024, 1),
      heapPerStreamKb: round(
        (after.memory.heapUsed - before.memory.heapUsed) / held.length / 1024,
        1,
      ),
    };
    say(
      `   ${held5k.streams} open (relay mux ${held5k.relayStreams}, target ${held5k.heldAtTarget}) in ${held5k.openSeconds} s; relay RSS ${held5k.relayRssBeforeMb} → ${held5k.relayRssAfterMb} MB = ${held5k.rssPerStreamKb} KB/stream (heap ${held5k.heapPerStreamKb} KB/stream)`,
    );
    for (const s of held) s.destroy();

    const result = {
      scenario: 'relay',
      at: new Date().toISOString(),
      cpus: (await import('node:os')).cpus().length,
      node: process.version,
      options: { bulkMb, streams, requests, rounds },
      throughput,
      latency,
      streams: held5k,
    };
    const dir = join(ROOT, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `relay-${result.at.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    say(`saved ${file.slice(ROOT.length + 1)}`);
    return 0;
  } finally {
    for (const p of procs) p.child.kill('SIGKILL');
  }
}
