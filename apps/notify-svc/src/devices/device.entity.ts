import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One FCM registration token (a phone or browser of a user). */
@Entity({ name: 'devices' })
@Index('IDX_devices_owner', ['telegramId'])
@Index('IDX_devices_refreshed', ['refreshedAt'])
export class DeviceEntity {
  @PrimaryColumn({ type: 'text' })
  fcmToken!: string;

  @Column({ type: 'bigint' })
  telegramId!: string;

  @Column({ type: 'text' })
  deviceId!: string;

  /** android | ios | web */
  @Column({ type: 'text' })
  platform!: string;

  @Column({ type: 'boolean', default: true })
  notificationsEnabled!: boolean;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  /** Last registration of the token; tokens unseen for DEVICE_TOKEN_TTL_DAYS are dropped. */
  @Column({ type: 'timestamptz' })
  refreshedAt!: Date;
}
