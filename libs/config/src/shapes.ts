import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';

import { z } from 'zod';

import type { SecretSpec } from './dev-secrets';
import type { ServiceDescriptor } from './apps';

export const port = (fallback: number) =>
  z.coerce.number().int().min(1).max(65535).default(fallback);

export const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

const url = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine((v) => protocols.some((p) => v.startsWith(`${p}://`)), {
      message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    });

/** Every app. */
export const baseShape = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** OTLP/HTTP endpoint for traces (e.g. http://127.0.0.1:4318); unset = traces stay in-process. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
};

/** Apps that reach Postgres, Redis and NATS. */
export const infraShape = {
  DATABASE_URL: url(['postgres', 'postgresql']).default(
    'postgres://postgres@127.0.0.1:5432/trafficshare',
  ),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Prefix of every Postgres schema name; tests set it to isolate runs. */
  DB_SCHEMA_PREFIX: z
    .string()
    .regex(/^[a-z0-9_]*$/)
    .default(''),
  REDIS_URL: url(['redis', 'rediss']).default('redis://127.0.0.1:6379'),
  /** Prefix of Redis keys; tests set it to isolate runs. */
  REDIS_KEY_PREFIX: z.string().default('ts:'),
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  /** Prefix of JetStream stream, consumer and subject names; tests set it to isolate runs. */
  NATS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_]*$/)
    .default(''),
  /** JetStream stream replicas: 1 on one machine, 3 on the k8s NATS cluster. */
  NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
};

/** One gRPC service. */
export const serviceShape = (svc: ServiceDescriptor) => ({
  GRPC_HOST: z.string().default('127.0.0.1'),
  GRPC_PORT: port(svc.defaultGrpcPort),
  METRICS_PORT: port(svc.defaultMetricsPort),
  /** Outbox relay poll period; NOTIFY wakes it sooner. */
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(250),
  /** Published outbox rows and inbox rows older than this are deleted hourly. Longer than any
   *  redelivery or relay retry; a consumer reset that replays the stream needs a longer value. */
  MESSAGING_RETENTION_H: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(48),
});

/** The `iss` and `aud` of access tokens unless configured otherwise. */
export const DEFAULT_JWT_ISSUER = 'trafficshare-auth';
export const DEFAULT_JWT_AUDIENCE = 'trafficshare-api';

/** Who issues access tokens (auth-svc signs it) and whom they are for (the gateway checks both). */
export const jwtClaimsShape = {
  JWT_ISSUER: z.string().trim().min(1).max(200).default(DEFAULT_JWT_ISSUER),
  JWT_AUDIENCE: z.string().trim().min(1).max(200).default(DEFAULT_JWT_AUDIENCE),
};

/** Telegram bot token in the shape BotFather issues; random in development. */
export const telegramBotTokenSecret: SecretSpec = {
  keys: ['TELEGRAM_BOT_TOKEN'],
  generate: () => ({
    TELEGRAM_BOT_TOKEN: `${randomInt(100_000_000, 999_999_999)}:${randomBytes(26).toString('base64url').slice(0, 35)}`,
  }),
};

function generateJwtKeyPair(): Record<string, string> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    JWT_PRIVATE_KEY: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    JWT_PUBLIC_KEY: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
}

/** Ed25519 key pair for access tokens (auth-svc signs); base64 DER. */
export const jwtKeyPairSecret: SecretSpec = {
  keys: ['JWT_PRIVATE_KEY', 'JWT_PUBLIC_KEY'],
  generate: generateJwtKeyPair,
};

/** The public half only, for apps that verify tokens (the gateway). In development the whole
 *  pair is generated into the shared secrets file, so it matches what auth-svc signs with. */
export const jwtPublicKeySecret: SecretSpec = {
  keys: ['JWT_PUBLIC_KEY'],
  generate: generateJwtKeyPair,
};
