import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A refresh token of a session, stored as SHA-256 of the random token only. */
@Entity({ name: 'refresh_tokens' })
@Index('IDX_refresh_tokens_session', ['sessionId'])
export class RefreshTokenEntity {
  /** SHA-256 (hex) of the token. */
  @PrimaryColumn({ type: 'char', length: 64 })
  tokenHash!: string;

  @Column({ type: 'uuid' })
  sessionId!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  /** Set when rotated; presenting a spent token again revokes the family. */
  @Column({ type: 'timestamptz', nullable: true })
  spentAt!: Date | null;
}
