import { line, z } from '../common/zod';

export const ActivateSchema = z
  .object({
    code: line(64).min(3),
    telegram_id: z.union([z.number(), line(100)]).optional(),
  })
  .strict();
export type ActivateDto = z.infer<typeof ActivateSchema>;
