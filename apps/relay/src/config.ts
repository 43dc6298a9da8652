import { z } from 'zod';

import {
  baseShape,
  bool,
  jwtClaimsShape,
  jwtPublicKeySecret,
  port,
  RELAY_DEFAULT_METRICS_PORT,
  RELAY_DEFAULT_PROXY_PORT,
  RELAY_DEFAULT_SOCKS_PORT,
  RELAY_DEFAULT_TUNNEL_PORT,
  SERVICES,
  type ConfigOf,
  type ConfigSpec,
} from '@trafficshare/config';

const list = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );

const shape = {
  ...baseShape,
  ...jwtClaimsShape,
  /** Where the relay listens (all three faces and the ops port). */
  RELAY_HOST: z.string().default('127.0.0.1'),
  /** Device tunnels: WebSocket `GET /tunnel`. */
  RELAY_TUNNEL_PORT: port(RELAY_DEFAULT_TUNNEL_PORT),
  /** Buyers: HTTP proxy (CONNECT and absolute-URI). */
  RELAY_PROXY_PORT: port(RELAY_DEFAULT_PROXY_PORT),
  /** Buyers: SOCKS5. */
  RELAY_SOCKS_PORT: port(RELAY_DEFAULT_SOCKS_PORT),
  /** Ops port: /metrics, /health, /health/ready. */
  METRICS_PORT: port(RELAY_DEFAULT_METRICS_PORT),
  AUTH_GRPC_URL: z.string().default(`127.0.0.1:${SERVICES['auth-svc'].defaultGrpcPort}`),
  TELEMETRY_GRPC_URL: z.string().default(`127.0.0.1:${SERVICES['telemetry-svc'].defaultGrpcPort}`),
  GRPC_DEADLINE_MS: z.coerce.number().int().min(50).max(60_000).default(5_000),
  /** Destination ports buyers may reach. */
  RELAY_ALLOWED_PORTS: list('80,443').pipe(
    z.array(z.coerce.number().int().min(1).max(65_535)).min(1),
  ),
  /** CIDRs exempt from the private-destination rule (empty in production; demos: 127.0.0.0/8). */
  RELAY_ALLOWED_PRIVATE_CIDRS: list(''),
  /** Domains refused with their subdomains. */
  RELAY_BLOCKED_DOMAINS: list(''),
  /** The platform's own public addresses/CIDRs, never a destination. */
  RELAY_OWN_ADDRESSES: list(''),
  /** How long a key verdict is reused (revocation takes effect within this). */
  RELAY_KEY_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  /** Sticky session lifetime unless the buyer sets `sessttl`. */
  RELAY_STICKY_TTL_MIN: z.coerce.number().int().min(1).max(1440).default(10),
  RELAY_MAX_STREAMS_PER_KEY: z.coerce.number().int().min(1).max(100_000).default(500),
  /** How often counted bytes are written to auth-svc and telemetry-svc. */
  RELAY_FLUSH_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
  /** How often each tunnel's session is re-checked (a stopped session's tunnel closes). */
  RELAY_SESSION_CHECK_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  /** Counted batches wait here (fsynced) until auth-svc and telemetry-svc acknowledge them, so a
   *  killed relay re-sends them on start; empty: memory only (a crash loses the last batch). */
  RELAY_JOURNAL_DIR: z.string().default('tmp/relay-journal'),
  /** This node's id in the admin traffic pool (empty: the host name, the pod's name in k8s). */
  RELAY_NODE_ID: z
    .string()
    .regex(/^([A-Za-z0-9][A-Za-z0-9._-]{0,63})?$/)
    .default(''),
  /** How often the node reports its devices, streams and latency to telemetry-svc. */
  RELAY_HEARTBEAT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** Believe X-Forwarded-For on tunnels (only behind our own load balancer). */
  RELAY_TRUST_PROXY: bool(false),
  /** auth-svc's Ed25519 public key (base64 DER): device access tokens are checked with it. */
  JWT_PUBLIC_KEY: z.string().min(40),
};

export const configSpec: ConfigSpec<typeof shape> = {
  app: 'relay',
  shape,
  secrets: [jwtPublicKeySecret],
};

export type RelayConfig = ConfigOf<typeof shape>;
