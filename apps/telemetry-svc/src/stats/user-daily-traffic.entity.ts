import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Per user and UTC day: MB the server counted (maintained in the report transaction). */
@Entity({ name: 'user_daily_traffic' })
export class UserDailyTrafficEntity {
  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'PK_user_daily_traffic' })
  telegramId!: string;

  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'PK_user_daily_traffic' })
  day!: string;

  @Column({ type: 'bigint', default: 0 })
  sentMilliMb!: string;

  @Column({ type: 'integer', default: 0 })
  reportCount!: number;
}
