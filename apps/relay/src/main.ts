import { hostname } from 'node:os';

import { internalContract, loadConfig } from '@trafficshare/config';
import type { authInternal, telemetryInternal } from '@trafficshare/contracts';
import { createGrpcClient } from '@trafficshare/grpc';
import { AccessTokenVerifier } from '@trafficshare/identity';
import { createLogger, probe, startOpsServer } from '@trafficshare/observability';
import { runMain } from '@trafficshare/service-kit';

import {
  AuthKeyAuthority,
  GrpcHeartbeatSink,
  GrpcUsageSink,
  TelemetryDeviceAuthority,
} from './access/grpc-authorities';
import { configSpec } from './config';
import { startRelay } from './relay-app';

async function main(): Promise<void> {
  const config = loadConfig(configSpec);
  const logger = createLogger({ app: 'relay', level: config.LOG_LEVEL });
  const grpc = { deadlineMs: config.GRPC_DEADLINE_MS };
  const auth = createGrpcClient<authInternal.AuthInternalServiceClient>(
    internalContract('auth-svc'),
    { ...grpc, address: config.AUTH_GRPC_URL },
  );
  const telemetry = createGrpcClient<telemetryInternal.TelemetryInternalServiceClient>(
    internalContract('telemetry-svc'),
    { ...grpc, address: config.TELEMETRY_GRPC_URL },
  );
  const relay = await startRelay(
    {
      host: config.RELAY_HOST,
      tunnelPort: config.RELAY_TUNNEL_PORT,
      proxyPort: config.RELAY_PROXY_PORT,
      socksPort: config.RELAY_SOCKS_PORT,
      destinations: {
        allowedPorts: config.RELAY_ALLOWED_PORTS,
        allowedPrivateCidrs: config.RELAY_ALLOWED_PRIVATE_CIDRS,
        blockedDomains: config.RELAY_BLOCKED_DOMAINS,
        ownAddresses: config.RELAY_OWN_ADDRESSES,
      },
      keyCacheMs: config.RELAY_KEY_CACHE_MS,
      stickyTtlMs: config.RELAY_STICKY_TTL_MIN * 60_000,
      maxStreamsPerKey: config.RELAY_MAX_STREAMS_PER_KEY,
      flushMs: config.RELAY_FLUSH_MS,
      sessionCheckMs: config.RELAY_SESSION_CHECK_MS,
      trustProxy: config.RELAY_TRUST_PROXY,
      journalDir: config.RELAY_JOURNAL_DIR || undefined,
      nodeId:
        config.RELAY_NODE_ID ||
        hostname()
          .slice(0, 64)
          .replace(/[^A-Za-z0-9._-]/g, '-'),
      heartbeatMs: config.RELAY_HEARTBEAT_MS,
    },
    {
      keys: new AuthKeyAuthority(auth.client),
      devices: new TelemetryDeviceAuthority(
        new AccessTokenVerifier(config.JWT_PUBLIC_KEY, {
          issuer: config.JWT_ISSUER,
          audience: config.JWT_AUDIENCE,
        }),
        telemetry.client,
      ),
      usage: new GrpcUsageSink(auth.client, telemetry.client),
      onFlushError: (err) => logger.warn({ err }, 'usage flush failed; the batch is retried'),
      heartbeat: new GrpcHeartbeatSink(telemetry.client),
      onHeartbeatError: (err) => logger.warn({ err }, 'pool heartbeat failed'),
    },
  );
  const ops = await startOpsServer({
    host: config.RELAY_HOST,
    port: config.METRICS_PORT,
    registry: relay.metrics.registry,
    readiness: async () => {
      const components = {
        'auth-svc': await probe(() => auth.client.authorizeApiKey({ apiKey: '' }), 1_500),
        'telemetry-svc': await probe(
          () => telemetry.client.getRelaySession({ telegramId: 0, sessionId: '' }),
          1_500,
        ),
      };
      const up = Object.values(components).every((c) => c.status === 'up');
      return { status: up ? 'ok' : 'unavailable', components };
    },
  });
  logger.info(
    { ports: relay.ports, metricsPort: config.METRICS_PORT },
    `relay ready: tunnels ws://${config.RELAY_HOST}:${relay.ports.tunnel}/tunnel, ` +
      `HTTP proxy ${config.RELAY_HOST}:${relay.ports.proxy}, SOCKS5 ${config.RELAY_HOST}:${relay.ports.socks}`,
  );
  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'relay stopping: flushing counted bytes');
    const timer = setTimeout(() => process.exit(1), config.SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    void relay
      .stop()
      .finally(() => {
        ops.close();
        auth.close();
        telemetry.close();
      })
      .then(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

runMain('relay', main);
