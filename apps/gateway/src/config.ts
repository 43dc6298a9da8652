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
  /**
   * Per-route limits changed without a release: `name=points/window_s`, comma-separated (e.g.
   * `auth_login=100/60` for many users behind one office NAT). Names are the routes' limit names.
   */
  RATE_LIMIT_OVERRIDES: z
    .string()
    .regex(
      /^\s*$|^\s*[a-z0-9_]+=[1-9]\d*\/[1-9]\d*(\s*,\s*[a-z0-9_]+=[1-9]\d*\/[1-9]\d*)*\s*$/,
      'name=points/window_s, comma-separated (e.g. auth_login=100/60)',
    )
    .default(''),
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
  /** Serve the web client (apps/web build): /app (Mini App), /admin (panel), /assets. */
  WEB_ENABLED: bool(true),
  /** The web client's build directory; empty = dist/apps/web (npm run build). */
  WEB_DIST_DIR: z.string().default(''),
  /** The bot's username (without @) for the Telegram Login Widget on /app and /admin. */
  TELEGRAM_BOT_USERNAME: z
    .string()
    .regex(/^[A-Za-z0-9_]{0,64}$/, 'a Telegram bot username without @')
    .default(''),
  JWT_PUBLIC_KEY: z.string().min(40),
  ...jwtClaimsShape,
  /** Most rows of one XLSX or PDF admin report (CSV exports have no row limit). */
  ADMIN_EXPORT_MAX_ROWS: z.coerce.number().int().min(1).max(1_000_000).default(100_000),
  /** Open /api/notifications/live sockets one user may hold on one gateway instance. */
  LIVE_MAX_SOCKETS_PER_USER: z.coerce.number().int().min(1).max(100).default(5),
  /** Directory POST /api/admin/settings/backup writes pg_dump archives into (created if missing). */
  BACKUP_DIR: z.string().default('./backups'),
  /** pg_dump --schema pattern (e.g. `auth|ledger` style globs `t_x_*`); empty = every schema. */
  BACKUP_SCHEMA_PATTERN: z.string().default(''),
  /** pg_dump binary; empty = /usr/bin/pg_dump, else the newest /usr/lib/postgresql/<v>/bin/pg_dump. */
  PG_DUMP_PATH: z.string().default(''),
  /** Interval of /ws/admin/monitor frames (one gathering per tick for every admin socket). */
  ADMIN_MONITOR_TICK_MS: z.coerce.number().int().min(200).max(60_000).default(2_000),
};

export const configSpec: ConfigSpec<typeof shape> = {
  app: 'gateway',
  shape,
  secrets: [jwtPublicKeySecret],
};

export type AppConfig = ConfigOf<typeof shape>;
