import 'reflect-metadata';

import type { Server } from 'node:http';

import { Module, type DynamicModule, type INestMicroservice, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Redis } from 'ioredis';
import { connect, type NatsConnection } from 'nats';
import type { EntitySchema, MixedList } from 'typeorm';
import type { z } from 'zod';

import {
  loadConfig,
  redactConfig,
  SERVICES,
  type ConfigSpec,
  type ServiceName,
} from '@trafficshare/config';
import {
  createServiceDataSource,
  ensureDatabase,
  migrateUp,
  migrationHead,
  schemaName,
  guardNestedAcquire,
} from '@trafficshare/database';
import {
  createHealth,
  grpcServerOptions,
  GrpcExceptionFilter,
  GrpcHealthChecker,
  healthNames,
  NulStringGuard,
} from '@trafficshare/grpc';
import {
  createInboxEntity,
  createOutboxEntity,
  ensureStreams,
  Outbox,
  OutboxRelay,
  pruneMessagingTables,
} from '@trafficshare/messaging';
import {
  createLogger,
  ErrorRecorder,
  PinoNestLogger,
  probe,
  setupMetrics,
  startOpsServer,
  stopTracing,
  summarize,
} from '@trafficshare/observability';

import { KitModule } from './kit.module';
import type { ServiceContext } from './service-context';

/** Config every service has (infraShape + serviceShape + baseShape). */
export interface ServiceConfigBase {
  NODE_ENV: string;
  LOG_LEVEL: string;
  SHUTDOWN_TIMEOUT_MS: number;
  DATABASE_URL: string;
  DATABASE_POOL_SIZE: number;
  DB_SCHEMA_PREFIX: string;
  REDIS_URL: string;
  REDIS_KEY_PREFIX: string;
  NATS_URL: string;
  NATS_PREFIX: string;
  NATS_STREAM_REPLICAS: number;
  GRPC_HOST: string;
  GRPC_PORT: number;
  METRICS_PORT: number;
  OUTBOX_POLL_MS: number;
  MESSAGING_RETENTION_H: number;
}

export interface ServiceBootOptions<S extends z.ZodRawShape> {
  readonly service: ServiceName;
  readonly configSpec: ConfigSpec<S>;
  /** The service's root feature module. */
  readonly module: Type<unknown> | DynamicModule;
  // TypeORM's own list types.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly migrations: MixedList<Function | string>;
  /** Environment to read instead of process.env (in-process test runs). */
  readonly env?: NodeJS.ProcessEnv;
  /** Install SIGTERM/SIGINT handlers that stop the service and exit (default true). */
  readonly handleSignals?: boolean;
}

export interface RunningService {
  readonly context: ServiceContext;
  readonly grpcAddress: string;
  readonly opsPort: number;
  readonly app: INestMicroservice;
  stop(): Promise<void>;
}

/**
 * Boots one service: config → logger/metrics → database (created if missing, schema migrated)
 * → NATS streams → outbox relay → Nest gRPC server with grpc.health.v1 → ops HTTP server
 * (/metrics, /health, /health/ready). Stops in reverse order on SIGTERM/SIGINT.
 */
export async function bootstrapService<S extends z.ZodRawShape>(
  options: ServiceBootOptions<S>,
): Promise<RunningService> {
  const svc = SERVICES[options.service];
  const config = loadConfig(options.configSpec, {
    env: options.env,
  }) as unknown as ServiceConfigBase & Record<string, unknown>;
  const logger = createLogger({ app: svc.name, level: config.LOG_LEVEL });
  logger.info({ config: redactConfig(options.configSpec, config) }, `${svc.name} starting`);
  const registry = setupMetrics(svc.name);

  const schema = schemaName(config.DB_SCHEMA_PREFIX, svc.schema);
  await ensureDatabase(config.DATABASE_URL);
  const dataSource = createServiceDataSource({
    url: config.DATABASE_URL,
    schema,
    entities: [
      ...(options.entities as unknown[]),
      createOutboxEntity(schema),
      createInboxEntity(schema),
    ] as never,
    migrations: options.migrations,
    poolSize: config.DATABASE_POOL_SIZE,
    applicationName: svc.name,
  });
  await dataSource.initialize();
  // A transaction that asks the pool for a second connection can starve it under load (each
  // waits for a connection the others hold): a warning in production, a failed query in tests.
  guardNestedAcquire(dataSource, (stack) => {
    logger.warn({ stack }, 'a transaction asked the pool for a second connection');
    if (config.NODE_ENV === 'test')
      throw new Error(
        `${svc.name}: a transaction asked the pool for a second connection; pass the transaction's EntityManager instead\n${stack}`,
      );
  });
  const migrated = await migrateUp(dataSource);
  logger.info({ schema, applied: migrated.applied, head: migrated.head }, 'schema migrated');

  const nats: NatsConnection = await connect({
    servers: config.NATS_URL,
    name: svc.name,
    maxReconnectAttempts: -1,
  });
  await ensureStreams(await nats.jetstreamManager(), config.NATS_PREFIX, {
    replicas: config.NATS_STREAM_REPLICAS,
  });
  const redis = new Redis(config.REDIS_URL, {
    keyPrefix: config.REDIS_KEY_PREFIX,
    lazyConnect: true,
    maxRetriesPerRequest: 2,
  });
  await redis.connect();

  const outbox = new Outbox(schema, config.NATS_PREFIX);
  const relay = new OutboxRelay({
    dataSource,
    schema,
    nats,
    prefix: config.NATS_PREFIX,
    pollMs: config.OUTBOX_POLL_MS,
    logger,
  });

  const context: ServiceContext = {
    service: svc,
    schema,
    natsPrefix: config.NATS_PREFIX,
    config,
    logger,
    dataSource,
    nats,
    outbox,
    redis,
    outboxBacklog: () => relay.backlog(),
    schemaHead: () => migrationHead(dataSource),
  };

  @Module({ imports: [KitModule.forContext(context), options.module] })
  class ServiceRootModule {}

  const grpcAddress = `${config.GRPC_HOST}:${config.GRPC_PORT}`;
  const health = createHealth(svc);
  const app = await NestFactory.createMicroservice(ServiceRootModule, {
    ...grpcServerOptions(svc, grpcAddress, health),
    logger: new PinoNestLogger(logger),
    bufferLogs: false,
  });
  app.useGlobalFilters(
    new GrpcExceptionFilter(logger, { app: svc.name, recorder: new ErrorRecorder(redis) }),
  );
  // No request string with a NUL reaches a handler (Postgres text cannot hold one).
  app.useGlobalInterceptors(new NulStringGuard());
  await app.listen();
  relay.start();
  const pruneTimer = schedulePrune(dataSource, schema, config.MESSAGING_RETENTION_H, logger);
  for (const name of healthNames(svc)) health.setStatus(name, 'SERVING');

  const selfHealth = new GrpcHealthChecker(grpcAddress.replace('0.0.0.0', '127.0.0.1'));
  const ops: Server = await startOpsServer({
    host: config.GRPC_HOST,
    port: config.METRICS_PORT,
    registry,
    readiness: async () =>
      summarize({
        postgres: await probe(() => dataSource.query('SELECT 1'), 1_000),
        nats: await probe(() => nats.flush(), 1_000),
        redis: await probe(() => redis.ping(), 1_000),
        grpc: await probe(() => selfHealth.check(1_000), 1_000),
      }),
  });
  logger.info(
    { grpc: grpcAddress, ops: `${config.GRPC_HOST}:${config.METRICS_PORT}` },
    `${svc.name} ready`,
  );

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      logger.info(`${svc.name} stopping`);
      for (const name of healthNames(svc)) health.setStatus(name, 'NOT_SERVING');
      clearInterval(pruneTimer);
      await relay.stop();
      await app.close();
      selfHealth.close();
      await new Promise<void>((r) => ops.close(() => r()));
      ops.closeAllConnections();
      await nats.drain().catch(() => undefined);
      redis.disconnect();
      await dataSource.destroy();
      logger.info(`${svc.name} stopped`);
      logger.flush();
    })());

  if (options.handleSignals !== false) {
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'shutdown requested');
      const timer = setTimeout(() => {
        logger.error('shutdown timed out; exiting');
        process.exit(1);
      }, config.SHUTDOWN_TIMEOUT_MS);
      timer.unref();
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

  return { context, grpcAddress, opsPort: config.METRICS_PORT, app, stop };
}

const PRUNE_EVERY_MS = 60 * 60 * 1000;

/** Hourly deletion of old published outbox rows and inbox rows (idempotent across replicas). */
function schedulePrune(
  dataSource: Parameters<typeof pruneMessagingTables>[0],
  schema: string,
  retentionH: number,
  logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void },
): NodeJS.Timeout {
  const timer = setInterval(() => {
    pruneMessagingTables(dataSource, schema, { olderThanMs: retentionH * 3_600_000 })
      .then((removed) => logger.info({ removed }, 'pruned messaging tables'))
      .catch((err: unknown) =>
        logger.warn({ err }, 'pruning messaging tables failed; retrying next hour'),
      );
  }, PRUNE_EVERY_MS);
  timer.unref();
  return timer;
}
