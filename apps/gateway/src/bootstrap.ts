import 'reflect-metadata';

import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { connect } from 'nats';
import { Pool } from 'pg';

import { loadConfig, redactConfig } from '@trafficshare/config';
import {
  createLogger,
  PinoNestLogger,
  setupMetrics,
  startOpsServer,
  stopTracing,
} from '@trafficshare/observability';

import { AppModule } from './app.module';
import { configSpec, type AppConfig } from './config';
import { registerEnvelope, registerResponseCheck } from './contract/contract-hooks';
import { RouteCatalog } from './contract/route-catalog';
import { createOpenApiDocument, setupDocs } from './docs';
import { gatewayErrorLog } from './errors/error-log';
import { HttpExceptionFilter } from './errors/http-exception.filter';
import { toErrorResponse } from './errors/http-error';
import { HealthService } from './health/health.service';
import { registerJsonOnlyBodies } from './http/body-parser';
import { registerMultipartBodies } from './http/multipart';
import { registerInputGuard } from './http/input-guard';
import {
  applySecurityHeaders,
  registerSecurityHeaders,
  type SecurityHeaderOptions,
} from './http/security-headers';
import type { GatewayInfra } from './infra/infra.module';
import { registerHttpMetrics } from './metrics/http-metrics';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export interface RunningGateway {
  readonly app: NestFastifyApplication;
  readonly url: string;
  readonly config: AppConfig;
  /** Every route with its contract (when it has one). */
  readonly routes: RouteCatalog;
  /** The ops port's URL: /metrics, /health, /health/ready. */
  readonly opsUrl: string;
  stop(): Promise<void>;
}

export interface GatewayBootOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly handleSignals?: boolean;
}

/**
 * Boots the gateway: Fastify (body limit, trusted proxies, request ids, JSON-only bodies, the
 * control-character guard, security headers), the error body for every error, global auth +
 * rate-limit guards, route contracts (envelope, optional response check), OpenAPI at /docs,
 * metrics on the ops port, graceful shutdown.
 */
export async function bootstrapGateway(options: GatewayBootOptions = {}): Promise<RunningGateway> {
  const config = loadConfig(configSpec, { env: options.env });
  const logger = createLogger({ app: 'gateway', level: config.LOG_LEVEL });
  logger.info({ config: redactConfig(configSpec, config) }, 'gateway starting');
  const registry = setupMetrics('gateway');

  const redis = new Redis(config.REDIS_URL, {
    keyPrefix: config.REDIS_KEY_PREFIX,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    // No auto-pipelining: revocation checks are batched by RevocationService (one MGET per
    // event-loop turn), and without it the reports bench ran ~20 % faster with a lower p99
    // (ioredis' auto-pipelines keep a quarter of what they allocate alive past young GCs).
    enableAutoPipelining: false,
  });
  await redis.connect();
  const nats = await connect({
    servers: config.NATS_URL,
    name: 'gateway',
    maxReconnectAttempts: -1,
  });
  const pg = new Pool({
    connectionString: config.DATABASE_URL,
    max: 2,
    connectionTimeoutMillis: 2_000,
  });
  pg.on('error', (err) => logger.warn({ err }, 'postgres pool error'));
  const infra: GatewayInfra = { config, logger, redis, nats, pg };

  const headers: SecurityHeaderOptions = {
    frameablePaths: config.MINIAPP_PATHS.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    frameAncestors: config.MINIAPP_FRAME_ANCESTORS,
  };
  let closing = false;
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUSTED_PROXIES.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    genReqId: (req: IncomingMessage) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    // Answered below with the error body (Fastify's own 503 has another shape).
    return503OnClosing: false,
    // Bad URLs and over-long path parameters never reach a route: same error body and headers.
    frameworkErrors: (err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const { status, body } = toErrorResponse(err, String(request.id));
      applySecurityHeaders(request, reply, headers);
      void reply
        .code(status)
        .header('x-request-id', request.id)
        .header('content-type', 'application/json; charset=utf-8')
        .send(body);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forInfra(infra), adapter, {
    logger: new PinoNestLogger(logger),
    bufferLogs: false,
    // Our own JSON-only parser (http/body-parser.ts) instead of Nest's JSON + form parsers.
    bodyParser: false,
  });
  app.useGlobalFilters(new HttpExceptionFilter(logger, gatewayErrorLog(redis)));

  const fastify = app.getHttpAdapter().getInstance();
  const routes = new RouteCatalog();
  routes.attach(fastify);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    if (!closing) return done();
    void reply
      .code(503)
      .header('connection', 'close')
      .send({ status: 'error', code: 'service_unavailable', message: 'Shutting down; retry' });
  });
  registerSecurityHeaders(fastify, headers);
  // Nest routes Fastify's own errors (body parsing, size limits) through HttpExceptionFilter too.
  registerJsonOnlyBodies(fastify);
  registerMultipartBodies(fastify);
  registerInputGuard(fastify);
  registerEnvelope(fastify);
  if (config.GATEWAY_VALIDATE_RESPONSES) registerResponseCheck(fastify, logger);
  registerHttpMetrics(fastify);

  await app.init();
  if (config.DOCS_ENABLED) setupDocs(app, () => createOpenApiDocument(app, routes));
  // The ops port (/metrics and the probes) before the public one: a busy port fails the boot.
  const health = app.get(HealthService);
  const ops = await startOpsServer({
    host: config.GATEWAY_HOST,
    port: config.METRICS_PORT,
    registry,
    readiness: () => health.readiness(),
  });
  await app.listen(config.GATEWAY_PORT, config.GATEWAY_HOST);
  const url = `http://${config.GATEWAY_HOST}:${config.GATEWAY_PORT}`;
  const opsUrl = `http://${config.GATEWAY_HOST}:${config.METRICS_PORT}`;
  logger.info({ url, ops: opsUrl }, 'gateway ready');

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      logger.info('gateway stopping');
      closing = true;
      await app.close();
      await new Promise<void>((resolve) => ops.close(() => resolve()));
      await nats.drain().catch(() => undefined);
      redis.disconnect();
      await pg.end();
      logger.info('gateway stopped');
      logger.flush();
    })());

  if (options.handleSignals !== false) {
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'shutdown requested');
      setTimeout(() => process.exit(1), config.SHUTDOWN_TIMEOUT_MS).unref();
      stop()
        .then(() => stopTracing())
        .then(() => process.exit(0))
        .catch((err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        });
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  return { app, url, config, routes, opsUrl, stop };
}
