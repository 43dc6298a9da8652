import { Column, Entity, PrimaryColumn } from 'typeorm';

import { bigintNumber } from '../common/bigint.transformer';

/** One system setting an admin changed (security, cron); a missing key means the default. */
@Entity({ name: 'system_settings' })
export class SystemSettingEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  key!: string;

  /** The whole setting (JSON object), validated per key before it is stored. */
  @Column({ type: 'jsonb' })
  value!: Record<string, unknown>;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;

  /** The admin's telegram id. */
  @Column({ type: 'bigint', transformer: bigintNumber })
  updatedBy!: number;
}
