import type { Socket } from 'node:net';

import type { ApiKeyGrant, KeyAuthority, KeyRefusal } from './access/authorities';
import { type UsageMeter } from './counting/usage-meter';
import type { RelayMetrics } from './metrics';
import { type DevicePool, type PooledDevice } from './pool/device-pool';
import { PoolReporter } from './pool/pool-reporter';
import type { ProxyCredentials } from './proxy/credentials';
import { type DestinationPolicy, type DestinationRefusal } from './safety/destination-policy';
import { StreamError, type TunnelStream } from './tunnel/tunnel-stream';

export type ConnectRefusal =
  KeyRefusal | DestinationRefusal | 'too_many_streams' | 'no_device' | 'device_unreachable';

export interface RelayCoreOptions {
  readonly stickyTtlMs: number;
  /** Concurrent streams one API key may hold. */
  readonly maxStreamsPerKey: number;
}

export interface Connected {
  readonly stream: TunnelStream;
  readonly device: PooledDevice;
  readonly grant: ApiKeyGrant;
}

/** A buyer connection from request to splice: key → destination → device → stream → counted
 *  bytes. The HTTP and SOCKS5 faces only parse and answer their own protocol around it. */
export class RelayCore {
  private readonly streamsPerKey = new Map<string, number>();

  constructor(
    private readonly keys: KeyAuthority,
    readonly pool: DevicePool,
    readonly meter: UsageMeter,
    private readonly policy: DestinationPolicy,
    private readonly metrics: RelayMetrics,
    private readonly options: RelayCoreOptions,
    readonly reporter: PoolReporter = new PoolReporter('relay'),
  ) {}

  /** The key behind the buyer's credentials, if it may relay now. */
  async authorize(credentials: ProxyCredentials): Promise<ApiKeyGrant | ConnectRefusal> {
    const grant = await this.keys.authorize(credentials.apiKey);
    if (typeof grant === 'string') return this.refuse(grant);
    if (!this.meter.admit(grant)) return this.refuse('limit_reached');
    return grant;
  }

  async connect(
    grant: ApiKeyGrant,
    credentials: ProxyCredentials,
    host: string,
    port: number,
  ): Promise<Connected | ConnectRefusal> {
    const started = process.hrtime.bigint();
    const verdict = this.policy.checkTarget(host, port);
    if (!verdict.allowed) return this.refuse(verdict.reason);
    if ((this.streamsPerKey.get(grant.keyId) ?? 0) >= this.options.maxStreamsPerKey)
      return this.refuse('too_many_streams');
    const device = this.pool.pick({
      keyId: grant.keyId,
      type: grant.type,
      country: credentials.country,
      session: credentials.session,
      stickyTtlMs: (credentials.sessionTtlMin ?? 0) * 60_000 || this.options.stickyTtlMs,
    });
    if (!device) return this.refuse('no_device');
    try {
      const { stream } = await device.mux.open(
        { host: host.replace(/^\[|\]$/g, ''), port },
        (sent, received) => this.count(grant.keyId, device, sent, received),
      );
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.streamSetup.observe(seconds);
      this.reporter.connected(grant.keyId, device.exitIp, seconds * 1000, grant.ownerId);
      return { stream, device, grant };
    } catch (error) {
      const code = error instanceof StreamError ? error.code : 'device_unreachable';
      const refusal: ConnectRefusal =
        code === 'private_address' || code === 'port_not_allowed' || code === 'too_many_streams'
          ? code
          : 'device_unreachable';
      return this.refuse(refusal);
    }
  }

  /**
   * Pipes the buyer's socket and the device stream both ways (`initial`: bytes the buyer already
   * sent that belong to the target; the stream counts what crosses the tunnel). Ends either side
   * when the other ends; a cut (key limit) or a lost device ends both.
   */
  splice(client: Socket, { stream, grant }: Connected, initial?: Buffer): void {
    const keyId = grant.keyId;
    this.streamsPerKey.set(keyId, (this.streamsPerKey.get(keyId) ?? 0) + 1);
    this.metrics.streamsOpen.inc();
    let done = false;
    const untrack = this.meter.track(keyId, () => finish(new StreamError('limit_reached')));
    const finish = (error?: Error): void => {
      if (done) return;
      done = true;
      untrack();
      this.metrics.streamsOpen.dec();
      const left = (this.streamsPerKey.get(keyId) ?? 1) - 1;
      if (left > 0) this.streamsPerKey.set(keyId, left);
      else this.streamsPerKey.delete(keyId);
      if (error) {
        stream.destroy(error);
        client.destroy();
      }
    };
    if (initial && initial.length > 0) stream.write(initial);
    client.pipe(stream);
    stream.pipe(client);
    client.on('error', () => finish(new StreamError('client_reset')));
    stream.on('close', () => {
      if (!stream.readableEnded || !stream.writableFinished) client.destroy();
      finish();
    });
    client.on('close', () => {
      if (!stream.destroyed && !(stream.readableEnded && stream.writableFinished))
        stream.destroy(new StreamError('client_closed'));
      finish();
    });
  }

  /**
   * Bytes a stream carried, as the tunnel's DATA frames (`up`: sent to the device, `down`: from
   * it — the same frames the device counts, late ones after a reset included), for the key, the
   * device's session and the pool.
   */
  private count(keyId: string, device: PooledDevice, up: number, down: number): void {
    if (up) this.metrics.bytes.inc({ direction: 'up' }, up);
    if (down) this.metrics.bytes.inc({ direction: 'down' }, down);
    this.meter.count(keyId, device.session, up, down);
    this.reporter.carried(device.session.sessionId, keyId, device.exitIp, up + down);
  }

  private refuse(reason: ConnectRefusal): ConnectRefusal {
    this.metrics.refused.inc({ reason });
    return reason;
  }
}
