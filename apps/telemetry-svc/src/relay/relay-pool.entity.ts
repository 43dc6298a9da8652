import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A relay node: registered by an admin (pool add) and/or heard from (its heartbeats). The
 *  latest heartbeat's state replaces the previous one. */
@Entity({ name: 'relay_nodes' })
export class RelayNodeEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text', default: '' })
  url!: string;

  @Column({ type: 'text', default: '' })
  region!: string;

  @Column({ type: 'boolean', default: false })
  registered!: boolean;

  @Column({ type: 'bigint', nullable: true })
  addedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  addedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastHeartbeatAt!: Date | null;

  @Column({ type: 'integer', default: 10_000 })
  intervalMs!: number;

  @Column({ type: 'integer', default: 0 })
  streamsOpen!: number;

  @Column({ type: 'double precision', default: 0 })
  setupP50Ms!: number;

  @Column({ type: 'double precision', default: 0 })
  setupP99Ms!: number;

  /** The devices of the latest heartbeat (RelayDeviceStat as JSON). */
  @Column({ type: 'jsonb', default: () => `'[]'::jsonb` })
  devices!: unknown;
}

/** Connections of an API key through an exit IP, per node and minute (the rotation check). */
@Entity({ name: 'relay_key_exits' })
@Index('IDX_relay_key_exits_minute', ['minute'])
@Index('IDX_relay_key_exits_owner', ['ownerTelegramId', 'minute'])
export class RelayKeyExitEntity {
  @PrimaryColumn({ type: 'text' })
  keyId!: string;

  @PrimaryColumn({ type: 'text' })
  exitIp!: string;

  @PrimaryColumn({ type: 'timestamptz' })
  minute!: Date;

  @PrimaryColumn({ type: 'text' })
  nodeId!: string;

  @Column({ type: 'integer', default: 0 })
  connections!: number;

  @Column({ type: 'bigint', default: 0 })
  bytes!: string;

  /** The key's owner (the buyer), who may read the key's usage. */
  @Column({ type: 'bigint', default: 0 })
  ownerTelegramId!: string;
}
