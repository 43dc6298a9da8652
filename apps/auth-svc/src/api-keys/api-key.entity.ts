import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

import type { UserId } from '@trafficshare/identity';

import { bigintNumber } from '../common/bigint.transformer';

export type ApiKeyType = 'traffic' | 'rotation';
export type ApiKeyStatus = 'active' | 'inactive';

/** A buyer API key; only the SHA-256 of the key is stored. */
@Entity({ name: 'api_keys' })
@Index('IDX_api_keys_owner', ['telegramId'])
export class ApiKeyEntity {
  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()' })
  id!: string;

  @Index('UQ_api_keys_hash', { unique: true })
  @Column({ type: 'char', length: 64 })
  keyHash!: string;

  @Column({ type: 'varchar', length: 16 })
  keyPrefix!: string;

  @Column({ type: 'bigint', transformer: bigintNumber })
  telegramId!: UserId;

  @Column({ type: 'varchar', length: 16 })
  type!: ApiKeyType;

  @Column({ type: 'bigint', transformer: bigintNumber })
  limitMb!: number;

  /** Thousandths of a MB used so far (derived from relayedBytes, 1 MB = 1,048,576 bytes). */
  @Column({ type: 'bigint', default: 0, transformer: bigintNumber })
  usedMilliMb!: number;

  /** Bytes the relay has carried for this key (exact; usedMilliMb is its rounded-down view). */
  @Column({ type: 'bigint', default: 0, transformer: bigintNumber })
  relayedBytes!: number;

  @Column({ type: 'timestamptz' })
  expiryDate!: Date;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status!: ApiKeyStatus;

  @Column({ type: 'bigint', transformer: bigintNumber })
  createdBy!: UserId;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
