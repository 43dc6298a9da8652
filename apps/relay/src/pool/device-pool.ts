import type { DeviceSession } from '../access/authorities';
import type { TunnelMux } from '../tunnel/tunnel-mux';

export interface PooledDevice {
  readonly session: DeviceSession;
  readonly mux: TunnelMux;
  /** The device's public address as the relay saw it (its exit IP). */
  readonly exitIp: string;
  readonly connectedAt: number;
}

export interface PickRequest {
  readonly keyId: string;
  readonly type: 'traffic' | 'rotation';
  readonly country?: string;
  /** Sticky session name (type `traffic`). */
  readonly session?: string;
  readonly stickyTtlMs: number;
}

interface Sticky {
  readonly sessionId: string;
  until: number;
}

/** The devices with an open tunnel, and which one carries a buyer's next connection. */
export class DevicePool {
  private readonly devices = new Map<string, PooledDevice>();
  private readonly sticky = new Map<string, Sticky>();
  private cursor = 0;

  constructor(private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.devices.size;
  }

  list(): readonly PooledDevice[] {
    return [...this.devices.values()];
  }

  /** Adds a device; a second tunnel for the same session replaces the first. */
  add(device: PooledDevice): PooledDevice | undefined {
    const previous = this.devices.get(device.session.sessionId);
    this.devices.set(device.session.sessionId, device);
    return previous;
  }

  remove(device: PooledDevice): void {
    if (this.devices.get(device.session.sessionId) === device)
      this.devices.delete(device.session.sessionId);
  }

  pick(request: PickRequest): PooledDevice | undefined {
    const eligible = (d: PooledDevice): boolean =>
      !d.mux.isClosed && (!request.country || d.session.country === request.country);
    const stickyKey =
      request.type === 'traffic' && request.session ? `${request.keyId}:${request.session}` : '';
    if (stickyKey) {
      const held = this.sticky.get(stickyKey);
      const device = held && held.until > this.now() ? this.devices.get(held.sessionId) : undefined;
      if (held && device && eligible(device)) {
        held.until = this.now() + request.stickyTtlMs;
        return device;
      }
    }
    const candidates = [...this.devices.values()].filter(eligible);
    if (candidates.length === 0) return undefined;
    // Round robin: consecutive connections of a rotation key leave through different devices.
    const device = candidates[this.cursor++ % candidates.length];
    if (stickyKey) {
      this.sticky.set(stickyKey, {
        sessionId: device.session.sessionId,
        until: this.now() + request.stickyTtlMs,
      });
      this.pruneSticky();
    }
    return device;
  }

  private pruneSticky(): void {
    if (this.sticky.size < 10_000) return;
    const now = this.now();
    for (const [key, held] of this.sticky) if (held.until <= now) this.sticky.delete(key);
  }
}
