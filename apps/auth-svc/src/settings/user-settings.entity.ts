import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

import type { UserId } from '@trafficshare/identity';

import { bigintNumber } from '../common/bigint.transformer';

export type Theme = 'light' | 'dark';

/** A user's settings (two_factor_enabled lives with the TOTP secret). */
@Entity({ name: 'user_settings' })
export class UserSettingsEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  telegramId!: UserId;

  @Column({ type: 'varchar', length: 10, default: 'en' })
  language!: string;

  @Column({ type: 'boolean', default: true })
  pushNotifications!: boolean;

  @Column({ type: 'boolean', default: true })
  sessionUpdates!: boolean;

  @Column({ type: 'boolean', default: true })
  systemUpdates!: boolean;

  @Column({ type: 'boolean', default: false })
  singleDeviceMode!: boolean;

  @Column({ type: 'boolean', default: false })
  batterySaver!: boolean;

  @Column({ type: 'varchar', length: 10, default: 'light' })
  theme!: Theme;

  @UpdateDateColumn({ type: 'timestamptz' })
  lastUpdate!: Date;
}
