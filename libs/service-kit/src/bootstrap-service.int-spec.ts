import { Controller, Inject, Module } from '@nestjs/common';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { z } from 'zod';

import {
  baseShape,
  infraShape,
  serviceShape,
  SERVICES,
  type ConfigSpec,
} from '@trafficshare/config';
import { notify } from '@trafficshare/contracts';
import {
  createGrpcClient,
  GrpcHealthChecker,
  GrpcMethods,
  type PromiseClient,
} from '@trafficshare/grpc';
import { createTestContext, freePort, startApp } from '@trafficshare/testing';

import { bootstrapService, type RunningService } from './bootstrap-service';
import { ServiceInfoService } from './service-info.service';
import type { ServiceContext } from './service-context';
import { SERVICE_CONTEXT } from './tokens';

const svc = SERVICES['notify-svc'];
const shape = {
  ...baseShape,
  ...infraShape,
  ...serviceShape(svc),
  GREETING: z.string().default('hi'),
};
const configSpec: ConfigSpec<typeof shape> = { app: 'notify-svc', shape };

// Stands in for a service's generated Init migration: creates the kit's outbox/inbox tables.
class KitTables1700000000000 implements MigrationInterface {
  name = 'KitTables1700000000000';
  async up(q: QueryRunner): Promise<void> {
    const sql = await q.connection.driver.createSchemaBuilder().log();
    for (const statement of sql.upQueries) await q.query(statement.query);
  }
  async down(): Promise<void> {}
}

@Controller()
@GrpcMethods(notify.NOTIFY_SERVICE_NAME)
class TestDescribeController implements Pick<notify.NotifyServiceController, 'describe'> {
  constructor(
    private readonly info: ServiceInfoService,
    @Inject(SERVICE_CONTEXT) readonly ctx: ServiceContext,
  ) {}

  describe(): Promise<notify.DescribeResponse> {
    return this.info.describe();
  }
}

@Module({ controllers: [TestDescribeController] })
class TestModule {}

describe(bootstrapService.name, () => {
  const ctx = createTestContext('kit');
  let running: RunningService;
  let grpcPort = 0;
  let opsPort = 0;

  beforeAll(async () => {
    [grpcPort, opsPort] = [await freePort(), await freePort()];
    running = await startApp(
      ({ env, handleSignals }) =>
        bootstrapService({
          service: 'notify-svc',
          configSpec,
          module: TestModule,
          entities: [],
          migrations: [KitTables1700000000000],
          env,
          handleSignals,
        }),
      { ...ctx.env, GRPC_PORT: String(grpcPort), METRICS_PORT: String(opsPort) },
    );
  });

  afterAll(async () => {
    await running?.stop();
    await ctx.cleanup();
  });

  it('serves its proto over gRPC with the standard health service', async () => {
    const { client, close } = createGrpcClient<notify.NotifyServiceClient>(svc, {
      address: `127.0.0.1:${grpcPort}`,
      deadlineMs: 2_000,
    });
    const typed: PromiseClient<notify.NotifyServiceClient> = client;
    await expect(typed.describe({})).resolves.toMatchObject({
      service: 'notify-svc',
      outboxBacklog: 0,
      schemaHead: 'KitTables1700000000000',
    });
    close();
    const health = new GrpcHealthChecker(`127.0.0.1:${grpcPort}`);
    await expect(health.check(1_000)).resolves.toBeUndefined();
    await expect(
      health.check(1_000, `${svc.protoPackage}.${svc.protoService}`),
    ).resolves.toBeUndefined();
    health.close();
  });

  it('owns its own schema with the outbox and inbox tables', async () => {
    const tables = await running.context.dataSource.query<Array<{ table_name: string }>>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
      [ctx.schema('notify')],
    );
    expect(running.context.schema).toBe(ctx.schema('notify'));
    expect(tables.map((t) => t.table_name)).toEqual(['inbox', 'migrations', 'outbox']);
  });

  it('is ready on its ops port and exposes metrics', async () => {
    const ready = await fetch(`http://127.0.0.1:${opsPort}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ok',
      components: {
        postgres: { status: 'up' },
        nats: { status: 'up' },
        redis: { status: 'up' },
        grpc: { status: 'up' },
      },
    });
    expect(await (await fetch(`http://127.0.0.1:${opsPort}/metrics`)).text()).toContain(
      'app="notify-svc"',
    );
  });

  it('passes config through the validated schema', () => {
    expect((running.context.config as { GREETING: string }).GREETING).toBe('hi');
  });
});
