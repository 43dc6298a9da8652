import { line, z } from '../common/zod';

const deviceId = line(128).trim().min(1);
const sessionId = z.string().uuid();
const mb = z.number().min(0).max(10_000_000);

export const StartSchema = z
  .object({
    device_id: deviceId,
    client_local_ip: line(64).optional(),
    network_type: z.enum(['mobile', 'wifi', 'unknown']).default('unknown'),
    app_version: line(32).optional(),
    os: line(32).optional(),
    battery_level: z.number().int().min(0).max(100).optional(),
    language: z.enum(['uz', 'ru', 'en']).optional(),
  })
  .strict();
export type StartDto = z.infer<typeof StartSchema>;

export const ReportSchema = z
  .object({
    session_id: sessionId,
    device_id: deviceId,
    seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    cumulative_mb: mb,
    delta_mb: mb,
    speed_mb_s: z.number().min(0).max(100_000).default(0),
    battery_level: z.number().int().min(0).max(100).optional(),
    network_type: z.enum(['mobile', 'wifi', 'unknown']).optional(),
    timestamp: line(40).optional(),
  })
  .strict();
export type ReportDto = z.infer<typeof ReportSchema>;

export const HeartbeatSchema = z
  .object({
    session_id: sessionId,
    device_id: deviceId.optional(),
    battery_level: z.number().int().min(0).max(100).optional(),
  })
  .strict();
export type HeartbeatDto = z.infer<typeof HeartbeatSchema>;

export const StopSchema = z
  .object({ session_id: sessionId, device_id: deviceId.optional(), cumulative_mb: mb.optional() })
  .strict();
export type StopDto = z.infer<typeof StopSchema>;
