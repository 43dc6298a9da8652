import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { DATA_SOURCE, SERVICE_CONTEXT, type ServiceContext } from '@trafficshare/service-kit';

/** A relay_nodes row as raw SQL returns it. */
export interface RelayNodeRow {
  id: string;
  url: string;
  region: string;
  registered: boolean;
  added_at: Date | null;
  last_heartbeat_at: Date | null;
  interval_ms: number;
  streams_open: number;
  setup_p50_ms: number;
  setup_p99_ms: number;
  devices: StoredDevice[];
}

/** A device of a heartbeat as stored (JSON). */
export interface StoredDevice {
  readonly sessionId: string;
  readonly telegramId: number;
  readonly deviceId: string;
  readonly exitIp: string;
  readonly country: string;
  readonly streams: number;
  readonly milliMbPerS: number;
  readonly connectedAt: string;
}

export interface Heartbeat {
  readonly nodeId: string;
  readonly intervalMs: number;
  readonly streamsOpen: number;
  readonly setupP50Ms: number;
  readonly setupP99Ms: number;
  readonly devices: readonly StoredDevice[];
  readonly exits: ReadonlyArray<{
    keyId: string;
    exitIp: string;
    connections: number;
    bytes: number;
    ownerTelegramId: number;
  }>;
}

export interface KeyExitRow {
  key_id: string;
  exit_ip: string;
  connections: string;
  bytes: string;
}

const NODE_COLUMNS = `id, url, region, registered, added_at, last_heartbeat_at, interval_ms, streams_open,
  setup_p50_ms, setup_p99_ms, devices`;

/** Relay nodes (registered and heard from) and the exit IPs each API key used. */
@Injectable()
export class RelayPoolRepository {
  private readonly nodes: string;
  private readonly exits: string;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(SERVICE_CONTEXT) ctx: ServiceContext,
  ) {
    this.nodes = `"${ctx.schema}"."relay_nodes"`;
    this.exits = `"${ctx.schema}"."relay_key_exits"`;
  }

  /** Stores a heartbeat (replacing the node's previous state) and its key exits; returns
   *  whether the node is registered. */
  async heartbeat(h: Heartbeat, now: Date): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const rows: Array<{ registered: boolean }> = await m.query(
        `INSERT INTO ${this.nodes} (id, last_heartbeat_at, interval_ms, streams_open, setup_p50_ms, setup_p99_ms, devices)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
         ON CONFLICT (id) DO UPDATE SET last_heartbeat_at = EXCLUDED.last_heartbeat_at,
           interval_ms = EXCLUDED.interval_ms, streams_open = EXCLUDED.streams_open,
           setup_p50_ms = EXCLUDED.setup_p50_ms, setup_p99_ms = EXCLUDED.setup_p99_ms,
           devices = EXCLUDED.devices
         RETURNING registered`,
        [
          h.nodeId,
          now,
          h.intervalMs,
          h.streamsOpen,
          h.setupP50Ms,
          h.setupP99Ms,
          JSON.stringify(h.devices),
        ],
      );
      if (h.exits.length > 0) {
        const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
        const exits = [...h.exits].sort(
          (a, b) => a.keyId.localeCompare(b.keyId) || a.exitIp.localeCompare(b.exitIp),
        );
        await m.query(
          `INSERT INTO ${this.exits} (key_id, exit_ip, minute, node_id, connections, bytes, owner_telegram_id)
           SELECT k, ip, $3, $4, c, b, o FROM unnest($1::text[], $2::text[], $5::int4[], $6::int8[], $7::int8[]) AS x(k, ip, c, b, o)
           ON CONFLICT (key_id, exit_ip, minute, node_id) DO UPDATE
             SET connections = ${this.exits}.connections + EXCLUDED.connections,
                 bytes = ${this.exits}.bytes + EXCLUDED.bytes,
                 owner_telegram_id = greatest(${this.exits}.owner_telegram_id, EXCLUDED.owner_telegram_id)`,
          [
            exits.map((e) => e.keyId),
            exits.map((e) => e.exitIp),
            minute,
            h.nodeId,
            exits.map((e) => e.connections),
            exits.map((e) => e.bytes),
            exits.map((e) => e.ownerTelegramId),
          ],
        );
      }
      return rows[0]?.registered ?? false;
    });
  }

  /**
   * Registers (or updates) a node; `created` false when it was registered before. `alongside`
   * runs in the same transaction (the audit event), so both commit or neither does.
   */
  async register(
    id: string,
    url: string,
    region: string,
    by: number,
    now: Date,
    alongside: (m: EntityManager, created: boolean) => Promise<void>,
  ): Promise<{ row: RelayNodeRow; created: boolean }> {
    return this.dataSource.transaction(async (m) => {
      const before: Array<{ registered: boolean }> = await m.query(
        `SELECT registered FROM ${this.nodes} WHERE id = $1 FOR UPDATE`,
        [id],
      );
      const rows: RelayNodeRow[] = await m.query(
        `INSERT INTO ${this.nodes} (id, url, region, registered, added_by, added_at)
       VALUES ($1, $2, $3, true, $4, $5)
       ON CONFLICT (id) DO UPDATE SET url = EXCLUDED.url, region = EXCLUDED.region,
         registered = true, added_by = coalesce(${this.nodes}.added_by, EXCLUDED.added_by),
         added_at = coalesce(${this.nodes}.added_at, EXCLUDED.added_at)
       RETURNING ${NODE_COLUMNS}`,
        [id, url, region, by, now],
      );
      const created = !before[0]?.registered;
      await alongside(m, created);
      return { row: rows[0], created };
    });
  }

  list(): Promise<RelayNodeRow[]> {
    return this.dataSource.query(
      `SELECT ${NODE_COLUMNS} FROM ${this.nodes} ORDER BY id LIMIT 1000`,
    );
  }

  /** Per key and exit IP: connections and bytes since `from` (`keyId` '' = every key). */
  keyExits(from: Date, keyId: string): Promise<KeyExitRow[]> {
    return this.dataSource.query(
      `SELECT key_id, exit_ip, sum(connections) AS connections, sum(bytes) AS bytes FROM ${this.exits}
       WHERE minute >= $1 AND ($2 = '' OR key_id = $2)
       GROUP BY key_id, exit_ip ORDER BY key_id, sum(connections) DESC LIMIT 100000`,
      [from, keyId],
    );
  }

  /** Per key of one owner and exit IP: connections and bytes since `from`. */
  keyExitsOf(owner: number, from: Date): Promise<KeyExitRow[]> {
    return this.dataSource.query(
      `SELECT key_id, exit_ip, sum(connections) AS connections, sum(bytes) AS bytes FROM ${this.exits}
       WHERE owner_telegram_id = $1 AND minute >= $2
       GROUP BY key_id, exit_ip ORDER BY key_id, sum(connections) DESC LIMIT 100000`,
      [owner, from],
    );
  }

  /** Drops exit rows older than `before` (the rotation check looks back one day at most). */
  async prune(before: Date): Promise<void> {
    await this.dataSource.query(`DELETE FROM ${this.exits} WHERE minute < $1`, [before]);
  }
}
