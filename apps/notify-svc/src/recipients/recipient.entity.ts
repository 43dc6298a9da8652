import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A user as notify-svc knows them (UserRegistered / UserUpdated / NotificationSettingsChanged). */
@Entity({ name: 'recipients' })
export class RecipientEntity {
  @PrimaryColumn({ type: 'bigint' })
  telegramId!: string;

  /** uz | ru | en */
  @Column({ type: 'text', default: 'en' })
  language!: string;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;

  /** Off: in-app notifications only, no push. */
  @Column({ type: 'boolean', default: true })
  pushNotifications!: boolean;

  /** Off: no session summaries, income notifications or earnings reports. */
  @Column({ type: 'boolean', default: true })
  sessionUpdates!: boolean;

  /** Off: no announcements or price notifications. */
  @Column({ type: 'boolean', default: true })
  systemUpdates!: boolean;

  /** Time of the settings copied last (an older event changes nothing). */
  @Column({ type: 'timestamptz', nullable: true })
  settingsAt!: Date | null;
}
