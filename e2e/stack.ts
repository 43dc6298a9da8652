import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SERVICE_NAMES, SERVICES, type AppName } from '@trafficshare/config';
import {
  createTestContext,
  freePort,
  pollUntil,
  spawnApp,
  type SpawnedApp,
  type TestContext,
} from '@trafficshare/testing';

/** The whole platform as separate processes on free ports, isolated by a test context. */
export class Stack {
  readonly apps = new Map<AppName, SpawnedApp>();
  readonly env = new Map<AppName, NodeJS.ProcessEnv>();
  gatewayUrl = '';

  private constructor(readonly ctx: TestContext) {}

  /** `env` is added to every app's environment (e.g. a test's own bot token, ADMIN_IDS). */
  static async start(
    label: string,
    options: { env?: Record<string, string> } = {},
  ): Promise<Stack> {
    const stack = new Stack(createTestContext(label));
    const extra = options.env ?? {};
    // Every app gets every service address: services call each other too (telemetry → filter).
    const urls: Record<string, string> = {};
    const ports = new Map<string, [number, number]>();
    for (const name of SERVICE_NAMES) {
      const [grpcPort, metricsPort] = [await freePort(), await freePort()];
      urls[SERVICES[name].urlEnv] = `127.0.0.1:${grpcPort}`;
      ports.set(name, [grpcPort, metricsPort]);
    }
    const [gatewayPort, gatewayOpsPort] = [await freePort(), await freePort()];
    for (const name of SERVICE_NAMES) {
      const [grpcPort, metricsPort] = ports.get(name)!;
      stack.env.set(name, {
        ...stack.ctx.env,
        // payout-svc's sandbox provider notifies this stack's gateway (not the default port).
        PAYOUT_IPN_CALLBACK_URL: `http://127.0.0.1:${gatewayPort}/webhooks/payouts/nowpayments`,
        ...extra,
        ...urls,
        GRPC_PORT: String(grpcPort),
        METRICS_PORT: String(metricsPort),
      });
    }
    stack.env.set('gateway', {
      ...stack.ctx.env,
      ...extra,
      ...urls,
      GATEWAY_PORT: String(gatewayPort),
      METRICS_PORT: String(gatewayOpsPort),
      // Every answer of every contract route is checked against its schemas (500 on a mismatch).
      GATEWAY_VALIDATE_RESPONSES: 'true',
      // Backups of this run's schemas only (the test database is shared), outside the repo.
      BACKUP_DIR: join(tmpdir(), `ts-backups-${stack.ctx.id}`),
      BACKUP_SCHEMA_PATTERN: `${stack.ctx.schemaPrefix}*`,
    });
    stack.gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    for (const name of [...SERVICE_NAMES, 'gateway'] as AppName[]) stack.startApp(name);
    return stack;
  }

  startApp(name: AppName): SpawnedApp {
    const app = spawnApp(name, this.env.get(name)!);
    this.apps.set(name, app);
    return app;
  }

  async waitReady(timeoutMs = 120_000): Promise<void> {
    await pollUntil(
      async () =>
        (await fetch(`${this.gatewayUrl}/health/ready`).catch(() => undefined))?.status === 200,
      {
        timeoutMs,
        intervalMs: 500,
        description: `platform ready at ${this.gatewayUrl}/health/ready`,
      },
    ).catch((err: unknown) => {
      const logs = [...this.apps.values()]
        .map((a) => `--- ${a.name}\n${a.output().slice(-3000)}`)
        .join('\n');
      throw new Error(`${String(err)}\n${logs}`);
    });
  }

  async stop(): Promise<void> {
    const started = Date.now();
    const codes = await Promise.all(
      [...this.apps.values()].map(
        async (a) => [a.name, await a.stop(10_000), Date.now() - started] as const,
      ),
    );
    if (process.env.E2E_DEBUG) console.log(codes);
    await this.ctx.cleanup();
  }
}
