import { createServer, type Server as HttpServer } from 'node:http';
import type { Server as NetServer, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

import type { DeviceAuthority, KeyAuthority, UsageSink } from './access/authorities';
import { CachedKeyAuthority } from './access/authorities';
import { FileUsageJournal } from './counting/usage-journal';
import { UsageMeter } from './counting/usage-meter';
import { RelayMetrics } from './metrics';
import { DevicePool } from './pool/device-pool';
import { PoolReporter, type HeartbeatSink } from './pool/pool-reporter';
import { createHttpProxy } from './proxy/http-proxy';
import { createSocks5Proxy } from './proxy/socks5';
import { RelayCore } from './relay-core';
import { DestinationPolicy, type DestinationPolicyConfig } from './safety/destination-policy';
import { attachTunnelServer } from './tunnel/tunnel-server';

export interface RelayAppConfig {
  readonly host: string;
  /** Device tunnels (WebSocket). 0: any free port. */
  readonly tunnelPort: number;
  /** Buyer HTTP proxy (CONNECT + absolute URI). */
  readonly proxyPort: number;
  /** Buyer SOCKS5. */
  readonly socksPort: number;
  readonly destinations: DestinationPolicyConfig;
  readonly keyCacheMs: number;
  readonly stickyTtlMs: number;
  readonly maxStreamsPerKey: number;
  readonly flushMs: number;
  readonly sessionCheckMs: number;
  readonly trustProxy: boolean;
  /** Where counted batches wait for their acknowledgement (survives a crash); none: memory. */
  readonly journalDir?: string;
  /** This node's id in the admin traffic pool, and how often it reports there. */
  readonly nodeId?: string;
  readonly heartbeatMs?: number;
}

export interface RelayDeps {
  readonly keys: KeyAuthority;
  readonly devices: DeviceAuthority;
  readonly usage: UsageSink;
  readonly onFlushError?: (error: unknown) => void;
  /** Where the node's heartbeats go (telemetry-svc); none: not reported. */
  readonly heartbeat?: HeartbeatSink;
  readonly onHeartbeatError?: (error: unknown) => void;
}

export interface RunningRelay {
  readonly core: RelayCore;
  readonly metrics: RelayMetrics;
  readonly ports: { tunnel: number; proxy: number; socks: number };
  /** Writes pending counts now (also done every `flushMs` and at stop). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

function listen(server: HttpServer | NetServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** Stops accepting and ends the connections still open (buyers mid-stream, devices). */
function close(server: HttpServer | NetServer, open: Set<Socket>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    for (const socket of open) socket.destroy();
  });
}

function tracked(server: HttpServer | NetServer): Set<Socket> {
  const open = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  return open;
}

/** Builds and starts the relay's three listeners around one core. */
export async function startRelay(config: RelayAppConfig, deps: RelayDeps): Promise<RunningRelay> {
  const metrics = new RelayMetrics();
  const pool = new DevicePool();
  const meter = new UsageMeter(
    deps.usage,
    config.journalDir ? new FileUsageJournal(config.journalDir) : undefined,
  );
  // Batches a killed predecessor journaled and never got acknowledged go out first, same ids.
  await meter.restore();
  const core = new RelayCore(
    new CachedKeyAuthority(deps.keys, config.keyCacheMs),
    pool,
    meter,
    new DestinationPolicy(config.destinations),
    metrics,
    { stickyTtlMs: config.stickyTtlMs, maxStreamsPerKey: config.maxStreamsPerKey },
    new PoolReporter(config.nodeId ?? 'relay'),
  );
  const tunnels = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        status: 'error',
        code: 'upgrade_required',
        message: 'Open /tunnel as a WebSocket.',
      }),
    );
  });
  const detach = attachTunnelServer(tunnels, {
    // A closed tunnel's last bytes go out now, not at the next tick: the phone stops its
    // session right after, and the server's count at STOP should hold them.
    onTunnelClosed: () => {
      flushNow().catch((error: unknown) => deps.onFlushError?.(error));
    },
    devices: deps.devices,
    pool,
    metrics,
    sessionCheckMs: config.sessionCheckMs,
    trustProxy: config.trustProxy,
  });
  const proxy = createHttpProxy(core);
  const socks = createSocks5Proxy(core);
  const open = [tracked(tunnels), tracked(proxy), tracked(socks)] as const;
  const ports = {
    tunnel: await listen(tunnels, config.tunnelPort, config.host),
    proxy: await listen(proxy, config.proxyPort, config.host),
    socks: await listen(socks, config.socksPort, config.host),
  };
  const flush = async (): Promise<void> => {
    try {
      await meter.flush();
    } catch (error) {
      metrics.flushErrors.inc();
      throw error;
    } finally {
      metrics.unflushed.set(meter.unflushedBytes);
      metrics.backlog.set(meter.backlogBatches);
    }
  };
  const flushNow = async (): Promise<void> => {
    try {
      await meter.flushNow();
    } catch (error) {
      metrics.flushErrors.inc();
      throw error;
    } finally {
      metrics.unflushed.set(meter.unflushedBytes);
      metrics.backlog.set(meter.backlogBatches);
    }
  };
  const timer = setInterval(() => {
    flush().catch((error: unknown) => deps.onFlushError?.(error));
  }, config.flushMs);
  timer.unref();
  const beat = (): void => {
    const streams = pool.list().reduce((n, d) => n + d.mux.streamCount, 0);
    const heartbeat = core.reporter.snapshot(pool, streams);
    deps.heartbeat?.send(heartbeat).catch((error: unknown) => deps.onHeartbeatError?.(error));
  };
  const heartbeatTimer = deps.heartbeat ? setInterval(beat, config.heartbeatMs ?? 10_000) : null;
  heartbeatTimer?.unref();
  if (meter.backlogBatches > 0) flush().catch((error: unknown) => deps.onFlushError?.(error));
  return {
    core,
    metrics,
    ports,
    flush,
    async stop() {
      clearInterval(timer);
      if (heartbeatTimer) clearInterval(heartbeatTimer);
      detach();
      await Promise.all([close(proxy, open[1]), close(socks, open[2]), close(tunnels, open[0])]);
      await flush().catch((error: unknown) => deps.onFlushError?.(error));
    },
  };
}
