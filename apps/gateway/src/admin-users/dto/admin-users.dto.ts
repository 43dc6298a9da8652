import { z } from '../../common/zod';

export const UsersQuerySchema = z
  .object({
    query: z.string().max(64).default(''),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();
export type UsersQueryDto = z.infer<typeof UsersQuerySchema>;

export const BanSchema = z.object({ reason: z.string().max(500).default('') }).strict();
export type BanDto = z.infer<typeof BanSchema>;

export const GrantSchema = z
  .object({
    model_id: z.string().regex(/^[a-z0-9_-]{1,50}$/),
    days: z.number().int().min(0).max(3650).default(30),
    reason: z.string().max(500).default(''),
  })
  .strict();
export type GrantDto = z.infer<typeof GrantSchema>;

export const RevokeQuerySchema = z.object({ reason: z.string().max(500).default('') }).strict();
export type RevokeQueryDto = z.infer<typeof RevokeQuerySchema>;

export const PageQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();
export type PageQueryDto = z.infer<typeof PageQuerySchema>;
