// One simulated phone: START, a report every `interval` seconds with a realistic delta (speed
// random walk), occasional duplicates and reordering, retries of unacknowledged reports, STOP.

import type { Dispatcher } from 'undici';

export interface DeviceOptions {
  readonly url: string;
  readonly token: string;
  readonly deviceId: string;
  readonly intervalS: number;
  readonly dupRate: number;
  readonly reorderRate: number;
  /** Sent as X-Forwarded-For (the gateway trusts loopback proxies): a public IP for the filter. */
  readonly publicIp?: string;
  readonly dispatcher?: Dispatcher;
  /** Relay mode: the bytes this phone's tunnel carried so far; reports say exactly that. */
  readonly carriedBytes?: () => number;
}

/** A MB is 2^20 bytes (as the relay and the buyers' `used_mb` count it). */
export const milliMbOfBytes = (bytes: number): number => Math.floor((bytes * 1000) / 1_048_576);

export interface DeviceStats {
  sessionId: string;
  startStatus: number;
  sent: number;
  acked: number;
  duplicatesAcked: number;
  rejected: Record<string, number>;
  retries: number;
  /** Σ delta of every acknowledged seq (milli-MB) and the client's own total. */
  ackedCountedMilli: number;
  clientTotalMilli: number;
  serverCountedMilli: number;
  latenciesMs: number[];
}

interface Report {
  seq: number;
  delta: number;
  cumulative: number;
  speed: number;
}

export class SimDevice {
  readonly stats: DeviceStats = {
    sessionId: '',
    startStatus: 0,
    sent: 0,
    acked: 0,
    duplicatesAcked: 0,
    rejected: {},
    retries: 0,
    ackedCountedMilli: 0,
    clientTotalMilli: 0,
    serverCountedMilli: 0,
    latenciesMs: [],
  };
  private seq = 0;
  private speed = 0.2 + Math.random() * 1.5;
  private held: Report | undefined;
  private readonly unacked = new Map<number, Report>();
  private readonly ackedSeqs = new Set<number>();

  constructor(private readonly o: DeviceOptions) {}

  private headers(): Record<string, string> {
    const h: Record<string, string> = {
      authorization: `Bearer ${this.o.token}`,
      'content-type': 'application/json',
    };
    if (this.o.publicIp) h['x-forwarded-for'] = this.o.publicIp;
    return h;
  }

  private async post(
    path: string,
    body: unknown,
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await fetch(`${this.o.url}${path}`, {
      method: 'POST',
      headers: this.headers(),
      body: JSON.stringify(body),
      dispatcher: this.o.dispatcher,
    } as RequestInit);
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // not JSON
    }
    return { status: res.status, json };
  }

  async start(): Promise<boolean> {
    const r = await this.post('/api/traffic/start', {
      device_id: this.o.deviceId,
      network_type: 'mobile',
      os: 'Android',
      app_version: 'sim-1.0',
      battery_level: 80,
    });
    this.stats.startStatus = r.status;
    if (r.status === 200 && typeof r.json.session_id === 'string')
      this.stats.sessionId = r.json.session_id;
    return this.stats.sessionId !== '';
  }

  /** The next report the phone would send (the tunnel moved speed × interval MB). */
  nextReport(): Report {
    this.speed = Math.min(5, Math.max(0.05, this.speed * (0.8 + Math.random() * 0.4)));
    const carried = this.o.carriedBytes;
    const delta = carried
      ? milliMbOfBytes(carried()) - this.stats.clientTotalMilli
      : Math.round(this.speed * this.o.intervalS * 1000);
    if (carried) this.speed = delta / 1000 / this.o.intervalS;
    this.stats.clientTotalMilli += delta;
    this.seq += 1;
    return {
      seq: this.seq,
      delta,
      cumulative: this.stats.clientTotalMilli,
      speed: Math.round(this.speed * 1000),
    };
  }

  /** One tick: send the new report (maybe held back for reordering), retries, duplicates. */
  async tick(): Promise<void> {
    const report = this.nextReport();
    this.unacked.set(report.seq, report);
    const batch: Report[] = [];
    if (this.held) {
      batch.push(report, this.held);
      this.held = undefined;
    } else if (Math.random() < this.o.reorderRate) {
      this.held = report;
    } else {
      batch.push(report);
    }
    for (const r of this.unacked.values())
      if (!batch.includes(r) && r !== this.held && r.seq < report.seq - 1) batch.push(r);
    for (const r of batch) {
      await this.send(r);
      if (Math.random() < this.o.dupRate) await this.send(r);
    }
  }

  async send(r: Report): Promise<number> {
    const t0 = performance.now();
    this.stats.sent += 1;
    let status = 0;
    try {
      const res = await this.post('/api/traffic/report', {
        session_id: this.stats.sessionId,
        device_id: this.o.deviceId,
        seq: r.seq,
        cumulative_mb: r.cumulative / 1000,
        delta_mb: r.delta / 1000,
        speed_mb_s: r.speed / 1000,
        battery_level: 80,
        network_type: 'mobile',
        timestamp: new Date().toISOString(),
      });
      status = res.status;
      this.stats.latenciesMs.push(performance.now() - t0);
      if (status === 200) {
        this.unacked.delete(r.seq);
        this.stats.acked += 1;
        if (res.json.duplicate === true) this.stats.duplicatesAcked += 1;
        // A duplicate of a report whose first answer was lost (crash after commit) still counts:
        // the server stored it once. Totals compare the deltas of every acknowledged seq.
        if (!this.ackedSeqs.has(r.seq)) {
          this.ackedSeqs.add(r.seq);
          this.stats.ackedCountedMilli += r.delta;
        }
      } else {
        const code = typeof res.json.code === 'string' ? res.json.code : String(status);
        this.stats.rejected[code] = (this.stats.rejected[code] ?? 0) + 1;
        this.stats.retries += 1;
      }
    } catch {
      this.stats.rejected.network = (this.stats.rejected.network ?? 0) + 1;
    }
    return status;
  }

  /** Resends what was never acknowledged (after a crash or 429), then STOP with the final total. */
  async finish(retryRounds = 20): Promise<void> {
    if (this.held) {
      this.unacked.set(this.held.seq, this.held);
      this.held = undefined;
    }
    for (let i = 0; i < retryRounds && this.unacked.size > 0; i++) {
      for (const r of [...this.unacked.values()]) await this.send(r);
      if (this.unacked.size > 0) await new Promise((res) => setTimeout(res, 1000));
    }
    const stop = await this.post('/api/traffic/stop', {
      session_id: this.stats.sessionId,
      device_id: this.o.deviceId,
      cumulative_mb: this.stats.clientTotalMilli / 1000,
    });
    const session = stop.json.session as { server_counted_mb?: number } | undefined;
    this.stats.serverCountedMilli = Math.round(Number(session?.server_counted_mb ?? 0) * 1000);
  }

  /** The server's count of this session (milli-MB), as the session summary shows it. */
  async serverCounted(): Promise<number> {
    const res = await fetch(`${this.o.url}/api/session/${this.stats.sessionId}/summary`, {
      headers: this.headers(),
      dispatcher: this.o.dispatcher,
    } as RequestInit);
    const json = (await res.json().catch(() => ({}))) as {
      session?: { server_counted_mb?: number };
    };
    return Math.round(Number(json.session?.server_counted_mb ?? 0) * 1000);
  }

  get unacknowledged(): number {
    return this.unacked.size;
  }
}
