import type { DevicePool } from './device-pool';

/** What a relay node tells telemetry-svc every interval (the admin traffic pool). */
export interface PoolHeartbeat {
  readonly nodeId: string;
  readonly intervalMs: number;
  readonly streamsOpen: number;
  readonly setupP50Ms: number;
  readonly setupP99Ms: number;
  readonly devices: ReadonlyArray<{
    sessionId: string;
    telegramId: number;
    deviceId: string;
    exitIp: string;
    country: string;
    streams: number;
    milliMbPerS: number;
    connectedAt: string;
  }>;
  readonly keyExits: ReadonlyArray<{
    keyId: string;
    exitIp: string;
    connections: number;
    bytes: number;
    ownerTelegramId: number;
  }>;
}

export interface HeartbeatSink {
  send(heartbeat: PoolHeartbeat): Promise<void>;
}

interface Exit {
  connections: number;
  bytes: number;
  ownerTelegramId: number;
}

const SETUP_WINDOW_MS = 60_000;
const MAX_SETUP_SAMPLES = 4_096;

const pct = (sorted: number[], p: number): number =>
  sorted.length === 0
    ? 0
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/**
 * Collects, between two heartbeats, the bytes each device carried, which exit IP each API key's
 * connections left through, and the stream setup times of the last minute; `snapshot` turns
 * them into a heartbeat and starts the next interval.
 */
export class PoolReporter {
  private deviceBytes = new Map<string, number>();
  private exits = new Map<string, Exit>();
  private setups: Array<[number, number]> = [];
  private last: number;

  constructor(
    private readonly nodeId: string,
    private readonly now: () => number = Date.now,
  ) {
    this.last = now();
  }

  connected(keyId: string, exitIp: string, setupMs: number, ownerId = 0): void {
    const exit = this.exit(keyId, exitIp);
    exit.connections += 1;
    if (ownerId) exit.ownerTelegramId = ownerId;
    this.setups.push([this.now(), setupMs]);
    if (this.setups.length > MAX_SETUP_SAMPLES) this.setups.splice(0, this.setups.length / 2);
  }

  carried(sessionId: string, keyId: string, exitIp: string, bytes: number): void {
    this.deviceBytes.set(sessionId, (this.deviceBytes.get(sessionId) ?? 0) + bytes);
    this.exit(keyId, exitIp).bytes += bytes;
  }

  snapshot(pool: DevicePool, streamsOpen: number): PoolHeartbeat {
    const now = this.now();
    const intervalMs = Math.max(1, now - this.last);
    this.last = now;
    this.setups = this.setups.filter(([at]) => now - at <= SETUP_WINDOW_MS);
    const setup = this.setups.map(([, ms]) => ms).sort((a, b) => a - b);
    const bytes = this.deviceBytes;
    const exits = this.exits;
    this.deviceBytes = new Map();
    this.exits = new Map();
    return {
      nodeId: this.nodeId,
      intervalMs,
      streamsOpen,
      setupP50Ms: Math.round(pct(setup, 50) * 100) / 100,
      setupP99Ms: Math.round(pct(setup, 99) * 100) / 100,
      devices: pool.list().map((d) => ({
        sessionId: d.session.sessionId,
        telegramId: d.session.telegramId,
        deviceId: d.session.deviceId,
        exitIp: d.exitIp,
        country: d.session.country,
        streams: d.mux.streamCount,
        // bytes/ms × 1000 = bytes/s; ÷ 2^20 × 1000 = milli-MB/s.
        milliMbPerS: Math.floor(
          ((bytes.get(d.session.sessionId) ?? 0) * 1_000_000) / intervalMs / 1_048_576,
        ),
        connectedAt: new Date(d.connectedAt).toISOString(),
      })),
      keyExits: [...exits].map(([id, e]) => {
        const cut = id.indexOf('\n');
        return { keyId: id.slice(0, cut), exitIp: id.slice(cut + 1), ...e };
      }),
    };
  }

  private exit(keyId: string, exitIp: string): Exit {
    const id = `${keyId}\n${exitIp}`;
    let e = this.exits.get(id);
    if (!e) this.exits.set(id, (e = { connections: 0, bytes: 0, ownerTelegramId: 0 }));
    return e;
  }
}
