import { line, queryInt, text, z } from '../../common/zod';

export const UsersQuerySchema = z
  .object({
    query: line(64).default(''),
    limit: queryInt(1, 100).default(50),
    offset: queryInt(0, 1_000_000).default(0),
  })
  .strict();
export type UsersQueryDto = z.infer<typeof UsersQuerySchema>;

export const BanSchema = z.object({ reason: text(500).default('') }).strict();
export type BanDto = z.infer<typeof BanSchema>;

export const GrantSchema = z
  .object({
    model_id: z.string().regex(/^[a-z0-9_-]{1,50}$/),
    days: z.number().int().min(0).max(3650).default(30),
    reason: text(500).default(''),
  })
  .strict();
export type GrantDto = z.infer<typeof GrantSchema>;

export const RevokeQuerySchema = z.object({ reason: line(500).default('') }).strict();
export type RevokeQueryDto = z.infer<typeof RevokeQuerySchema>;

export const PageQuerySchema = z
  .object({
    limit: queryInt(1, 100).default(50),
    offset: queryInt(0, 1_000_000).default(0),
  })
  .strict();
export type PageQueryDto = z.infer<typeof PageQuerySchema>;
