import { EventEmitter } from 'node:events';

import type { TunnelMux } from '../tunnel/tunnel-mux';
import { DevicePool } from './device-pool';
import { PoolReporter } from './pool-reporter';

const mux = (streams: number) =>
  Object.assign(new EventEmitter(), {
    isClosed: false,
    streamCount: streams,
  }) as unknown as TunnelMux;

describe(PoolReporter.name, () => {
  it('reports per-device MB/s, key exits and setup percentiles per interval, then starts over', () => {
    let now = 1_000_000;
    const sut = new PoolReporter('node-a', () => now);
    const pool = new DevicePool();
    const session = (id: string) => ({
      sessionId: id,
      telegramId: 7,
      deviceId: `d-${id}`,
      country: 'US',
    });
    pool.add({ session: session('s1'), mux: mux(2), exitIp: '73.0.0.1', connectedAt: now });
    pool.add({ session: session('s2'), mux: mux(0), exitIp: '73.0.0.2', connectedAt: now });
    for (let i = 1; i <= 100; i++) sut.connected('k1', i % 2 ? '73.0.0.1' : '73.0.0.2', i);
    sut.carried('s1', 'k1', '73.0.0.1', 10 * 1_048_576);
    now += 10_000;
    const hb = sut.snapshot(pool, 2);
    expect(hb).toMatchObject({
      nodeId: 'node-a',
      intervalMs: 10_000,
      streamsOpen: 2,
      setupP50Ms: 50,
      setupP99Ms: 99,
    });
    expect(hb.devices.map((d) => [d.sessionId, d.streams, d.milliMbPerS])).toEqual([
      ['s1', 2, 1_000],
      ['s2', 0, 0],
    ]);
    expect(hb.keyExits).toEqual([
      {
        keyId: 'k1',
        exitIp: '73.0.0.1',
        connections: 50,
        bytes: 10 * 1_048_576,
        ownerTelegramId: 0,
      },
      { keyId: 'k1', exitIp: '73.0.0.2', connections: 50, bytes: 0, ownerTelegramId: 0 },
    ]);
    now += 10_000;
    const next = sut.snapshot(pool, 0);
    expect(next.keyExits).toEqual([]);
    expect(next.devices.every((d) => d.milliMbPerS === 0)).toBe(true);
    now += 61_000;
    expect(sut.snapshot(pool, 0).setupP99Ms).toBe(0);
  });
});
