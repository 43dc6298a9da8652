import { Inject, Injectable } from '@nestjs/common';

import type { telemetry, telemetryInternal } from '@trafficshare/contracts';
import { DomainException } from '@trafficshare/grpc';
import { requireRole, type CallerInfo, type UserId } from '@trafficshare/identity';
import { CONFIG } from '@trafficshare/service-kit';

import { OutboxWriter } from '../common/outbox-writer';
import { TelemetryErrorCode, TelemetryException } from '../common/telemetry.exception';
import type { AppConfig } from '../config';
import {
  RelayPoolRepository,
  type KeyExitRow,
  type RelayNodeRow,
  type StoredDevice,
} from './relay-pool.repository';

const NODE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const REGION = /^[a-z0-9][a-z0-9-]{0,31}$/;
const MAX_DEVICES = 100_000;
const MAX_EXITS = 100_000;
/** A node silent for this many heartbeat intervals is down (its devices are not counted). */
const DOWN_AFTER_INTERVALS = 3;
const DAY_MS = 86_400_000;

const invalid = (message: string) =>
  new TelemetryException(TelemetryErrorCode.InvalidArgument, message);
const text = (v: string, max: number): string => v.slice(0, max);

function nodeStatus(row: RelayNodeRow, now: number): 'up' | 'down' | 'never' {
  if (!row.last_heartbeat_at) return 'never';
  const silentMs = now - row.last_heartbeat_at.getTime();
  return silentMs <= DOWN_AFTER_INTERVALS * row.interval_ms ? 'up' : 'down';
}

/**
 * The traffic pool as the relay nodes report it: each node's latest heartbeat (devices sharing
 * now, streams, MB/s, setup latency), the nodes admins registered, and per API key the exit IPs
 * its connections left through (the rotation check).
 */
@Injectable()
export class RelayPoolService {
  private lastPrune = 0;

  constructor(
    private readonly repo: RelayPoolRepository,
    private readonly outbox: OutboxWriter,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async heartbeat(req: telemetryInternal.RecordRelayHeartbeatRequest): Promise<boolean> {
    const bad = (m: string) => new DomainException('invalid_argument', 'invalid_heartbeat', m);
    if (!NODE_ID.test(req.nodeId)) throw bad('node_id: 1-64 of A-Z a-z 0-9 . _ -');
    if (req.devices.length > MAX_DEVICES) throw bad(`at most ${MAX_DEVICES} devices`);
    if (req.keyExits.length > MAX_EXITS) throw bad(`at most ${MAX_EXITS} key exits`);
    const devices: StoredDevice[] = req.devices.map((d) => ({
      sessionId: text(d.sessionId, 64),
      telegramId: Number(d.telegramId),
      deviceId: text(d.deviceId, 128),
      exitIp: text(d.exitIp, 64),
      country: text(d.country, 2).toUpperCase(),
      streams: Math.max(0, d.streams),
      milliMbPerS: Math.max(0, Number(d.milliMbPerS)),
      connectedAt: text(d.connectedAt, 40),
    }));
    const now = new Date();
    const registered = await this.repo.heartbeat(
      {
        nodeId: req.nodeId,
        intervalMs: Math.min(Math.max(req.intervalMs || 10_000, 100), 600_000),
        streamsOpen: Math.max(0, req.streamsOpen),
        setupP50Ms: Math.max(0, req.setupP50Ms),
        setupP99Ms: Math.max(0, req.setupP99Ms),
        devices,
        exits: req.keyExits
          .filter((e) => e.keyId && e.exitIp && e.connections >= 0)
          .map((e) => ({
            keyId: text(e.keyId, 64),
            exitIp: text(e.exitIp, 64),
            connections: e.connections,
            bytes: Math.max(0, Number(e.bytes)),
            ownerTelegramId: Math.max(0, Number(e.ownerTelegramId)),
          })),
      },
      now,
    );
    if (now.getTime() - this.lastPrune > 3_600_000) {
      this.lastPrune = now.getTime();
      await this.repo.prune(new Date(now.getTime() - 2 * DAY_MS));
    }
    return registered;
  }

  async pool(caller: CallerInfo): Promise<telemetry.GetTrafficPoolResponse> {
    requireRole(caller, 'superadmin');
    const now = Date.now();
    const nodes = (await this.repo.list()).map((row) => this.nodeProto(row, now));
    const live = nodes.filter((n) => n.status === 'up').flatMap((n) => n.devices);
    const countries = new Map<string, number>();
    for (const d of live) countries.set(d.country, (countries.get(d.country) ?? 0) + 1);
    const poolSize = this.config.RELAY_POOL_SIZE;
    return {
      nodes,
      devicesSharing: live.length,
      distinctIps: new Set(live.map((d) => d.exitIp)).size,
      countries: [...countries]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([country, devices]) => ({ country, devices })),
      poolSize,
      freeSlots: Math.max(0, poolSize - live.length),
      streamsOpen: nodes.filter((n) => n.status === 'up').reduce((s, n) => s + n.streamsOpen, 0),
      milliMbPerS: live.reduce((s, d) => s + d.milliMbPerS, 0),
    };
  }

  async add(
    caller: CallerInfo,
    req: telemetry.AddRelayNodeRequest,
  ): Promise<telemetry.AddRelayNodeResponse> {
    requireRole(caller, 'superadmin');
    if (!NODE_ID.test(req.nodeId)) throw invalid('node_id: 1-64 of A-Z a-z 0-9 . _ -');
    if (!REGION.test(req.region)) throw invalid('region: 1-32 of a-z 0-9 -');
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      throw invalid('url is not a URL');
    }
    if (!['ws:', 'wss:', 'http:', 'https:'].includes(url.protocol) || req.url.length > 300)
      throw invalid('url: ws, wss, http or https, at most 300 characters');
    const { row, created } = await this.repo.register(
      req.nodeId,
      url.toString(),
      req.region,
      caller.telegramId,
      new Date(),
      // The platform's audit trail (auth-svc's chain), committed with the registration.
      (m, created) =>
        this.outbox
          .addMany(m, [
            {
              type: 'AdminActionRecorded',
              message: {
                service: 'telemetry-svc',
                actorId: caller.telegramId,
                action: 'relay.pool.add',
                target: `relay_node:${req.nodeId}`,
                detailsJson: JSON.stringify({ url: url.toString(), region: req.region, created }),
                ip: caller.ip,
                occurredAt: new Date().toISOString(),
              },
            },
          ])
          .then(() => undefined),
    );
    return { node: this.nodeProto(row, Date.now()), created };
  }

  async rotation(
    caller: CallerInfo,
    req: telemetry.CheckRotationRequest,
  ): Promise<telemetry.CheckRotationResponse> {
    requireRole(caller, 'superadmin');
    const minutes = req.minutes || 60;
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440)
      throw invalid('minutes must be 1-1440');
    if (req.keyId.length > 64) throw invalid('key_id is too long');
    const to = new Date();
    const from = new Date(to.getTime() - minutes * 60_000);
    const rows = await this.repo.keyExits(from, req.keyId);
    return { minutes, from: from.toISOString(), to: to.toISOString(), keys: rotationOf(rows) };
  }

  /** A buyer's keys as the relays counted them (`subject`: the owner, checked by the caller). */
  async keyUsage(
    subject: UserId,
    req: telemetry.GetKeyUsageRequest,
  ): Promise<telemetry.GetKeyUsageResponse> {
    const minutes = req.minutes || 1440;
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440)
      throw invalid('minutes must be 1-1440');
    const to = new Date();
    const from = new Date(to.getTime() - minutes * 60_000);
    const rows = await this.repo.keyExitsOf(subject, from);
    return { minutes, from: from.toISOString(), to: to.toISOString(), keys: rotationOf(rows) };
  }

  private nodeProto(row: RelayNodeRow, now: number): telemetry.RelayNode {
    const status = nodeStatus(row, now);
    return {
      id: row.id,
      url: row.url,
      region: row.region,
      registered: row.registered,
      status,
      lastHeartbeatAt: row.last_heartbeat_at?.toISOString() ?? '',
      streamsOpen: status === 'up' ? row.streams_open : 0,
      setupP50Ms: row.setup_p50_ms,
      setupP99Ms: row.setup_p99_ms,
      devices: status === 'up' ? row.devices : [],
      addedAt: row.added_at?.toISOString() ?? '',
    };
  }
}

/** Rows per (key, exit IP), most used first within a key → one summary per key. */
function rotationOf(rows: readonly KeyExitRow[]): telemetry.KeyRotation[] {
  const keys = new Map<string, telemetry.KeyRotation>();
  for (const r of rows) {
    let k = keys.get(r.key_id);
    if (!k) {
      k = { keyId: r.key_id, connections: 0, distinctExitIps: 0, bytes: 0, exitIps: [] };
      keys.set(r.key_id, k);
    }
    k.connections += Number(r.connections);
    k.bytes += Number(r.bytes);
    k.distinctExitIps += 1;
    if (k.exitIps.length < 50)
      k.exitIps.push({ exitIp: r.exit_ip, connections: Number(r.connections) });
  }
  return [...keys.values()];
}
