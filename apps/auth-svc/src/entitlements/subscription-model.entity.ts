import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A subscription model; `free` and `premium` exist by default. */
@Entity({ name: 'subscription_models' })
export class SubscriptionModelEntity {
  @PrimaryColumn({ type: 'varchar', length: 50 })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'boolean', default: false })
  isFree!: boolean;

  @Column({ type: 'boolean', default: false })
  isPremium!: boolean;

  @Column({ type: 'varchar', length: 20, default: '' })
  color!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
