import { z } from 'zod';

import {
  baseShape,
  bool,
  GATEWAY_DEFAULT_METRICS_PORT,
  GATEWAY_DEFAULT_PORT,
  infraShape,
  jwtClaimsShape,
  jwtPublicKeySecret,
  port,
  SERVICES,
  SERVICE_NAMES,
  type ConfigOf,
  type ConfigSpec,
} from '@trafficshare/config';

const grpcUrls = Object.fromEntries(
  SERVICE_NAMES.map((name) => [
    SERVICES[name].urlEnv,
    z.string().default(`127.0.0.1:${SERVICES[name].defaultGrpcPort}`),
  ]),
) as Record<string, z.ZodDefault<z.ZodString>>;

const shape = {
  ...baseShape,
  ...infraShape,
  ...grpcUrls,
  GATEWAY_HOST: z.string().default('127.0.0.1'),
  GATEWAY_PORT: port(GATEWAY_DEFAULT_PORT),
  /** Ops port (on GATEWAY_HOST): /metrics, /health, /health/ready — never the public port. */
  METRICS_PORT: port(GATEWAY_DEFAULT_METRICS_PORT),
  /** Largest accepted request body; bigger ones get 413 payload_too_large. */
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(1024 * 1024),
  /** Comma list of proxy IPs/CIDRs whose X-Forwarded-For is believed. */
  TRUSTED_PROXIES: z.string().default('127.0.0.1,::1'),
  /** Default limit for routes without their own (per user when authenticated, else per IP). */
  RATE_LIMIT_DEFAULT_POINTS: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_DEFAULT_WINDOW_S: z.coerce.number().int().min(1).default(60),
  /** Deadline of one gRPC call from the gateway to a service. */
  GRPC_DEADLINE_MS: z.coerce.number().int().min(50).max(60_000).default(5_000),
  /** Deadline of each readiness probe (service health, Postgres, Redis, NATS). */
  READY_CHECK_TIMEOUT_MS: z.coerce.number().int().min(50).max(10_000).default(1_500),
  /** How long one readiness answer is reused by concurrent and following probes. */
  READY_CACHE_MS: z.coerce.number().int().min(0).max(10_000).default(250),
  DOCS_ENABLED: bool(true),
  /** Check every answer of a contract route against its schemas (tests; 500 on a mismatch). */
  GATEWAY_VALIDATE_RESPONSES: bool(false),
  /** Comma list of path prefixes Telegram may frame (the Mini App pages); others are DENY. */
  MINIAPP_PATHS: z.string().default('/app'),
  /** `frame-ancestors` sources allowed to frame MINIAPP_PATHS. */
  MINIAPP_FRAME_ANCESTORS: z
    .string()
    .regex(/^[^;,'"]+$/, 'space-separated CSP sources, no quotes or separators')
    .default('https://web.telegram.org https://*.telegram.org'),
  JWT_PUBLIC_KEY: z.string().min(40),
  ...jwtClaimsShape,
  /** Open /api/notifications/live sockets one user may hold on one gateway instance. */
  LIVE_MAX_SOCKETS_PER_USER: z.coerce.number().int().min(1).max(100).default(5),
};

export const configSpec: ConfigSpec<typeof shape> = {
  app: 'gateway',
  shape,
  secrets: [jwtPublicKeySecret],
};

export type AppConfig = ConfigOf<typeof shape>;
