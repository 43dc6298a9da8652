import { freePort, pollUntil, spawnApp, type SpawnedApp } from '@trafficshare/testing';

import { SERVICES } from '@trafficshare/config';
import { startApp } from '@trafficshare/testing';

import { boot as bootGateway, type RunningGateway } from '../../apps/gateway/src/boot';
import {
  startFilterHarness,
  type FilterHarness,
} from '../../apps/filter-svc/src/test/filter-harness';
import { mintAccessToken } from '../../tools/simulate/credentials';
import { simulate } from '../../tools/simulate/run';
import { generateKeyPairSync } from 'node:crypto';

// SIGKILL telemetry-svc (its own process) in the middle of a simulated run: every report the
// gateway acknowledged must be counted exactly once after the restart.
describe('telemetry-svc crash mid-run (e2e)', () => {
  let filter: FilterHarness;
  let gateway: RunningGateway;
  let telemetry: SpawnedApp;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    filter = await startFilterHarness('traffic_crash');
    const keys = generateKeyPairSync('ed25519');
    const grpcPort = await freePort();
    env = {
      ...filter.ctx.env,
      GRPC_PORT: String(grpcPort),
      METRICS_PORT: String(await freePort()),
      FILTER_GRPC_URL: filter.service.grpcAddress,
      REPORTS_PER_MIN_PER_DEVICE: '1000',
    };
    telemetry = spawnApp('telemetry-svc', env);
    gateway = await startApp(bootGateway, {
      ...filter.ctx.env,
      GATEWAY_PORT: String(await freePort()),
      METRICS_PORT: String(await freePort()),
      GATEWAY_VALIDATE_RESPONSES: 'true',
      JWT_PUBLIC_KEY: keys.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
      [SERVICES['filter-svc'].urlEnv]: filter.service.grpcAddress,
      [SERVICES['telemetry-svc'].urlEnv]: `127.0.0.1:${grpcPort}`,
      [SERVICES['auth-svc'].urlEnv]: '127.0.0.1:1',
      GRPC_DEADLINE_MS: '2000',
      DOCS_ENABLED: 'false',
    });
    (env as Record<string, string>).PRIVATE = keys.privateKey
      .export({ format: 'der', type: 'pkcs8' })
      .toString('base64');
    await pollUntil(
      async () =>
        (await fetch(`http://127.0.0.1:${env.METRICS_PORT}/health/ready`).catch(() => undefined))
          ?.status === 200,
      { timeoutMs: 60_000, description: 'telemetry ready' },
    );
  }, 90_000);

  afterAll(async () => {
    await gateway?.stop();
    await telemetry?.stop();
    await filter?.stop();
  }, 60_000);

  it('loses no acknowledged report and counts none twice', async () => {
    const lines: string[] = [];
    const summary = await simulate({
      url: gateway.url,
      devices: 20,
      intervalS: 0.5,
      durationS: 8,
      dupRate: 0.1,
      reorderRate: 0.1,
      devicesPerUser: 4,
      firstUserId: 830_000_000 + Math.floor(Math.random() * 1_000_000) * 10,
      publicIps: false,
      log: (l) => lines.push(l),
      tokenFor: async (id) => mintAccessToken(String(env.PRIVATE), id, 'superadmin'),
      onRunning: () => {
        setTimeout(() => {
          void telemetry.kill().then(() => {
            telemetry = spawnApp('telemetry-svc', env);
          });
        }, 3_000);
      },
    });
    expect(summary.started).toBe(20);
    expect(summary.unacknowledged).toBe(0);
    expect(summary.lostMb).toBe(0);
    expect(summary.doubleCountedMb).toBe(0);
    expect(summary.serverCountedMb).toBeCloseTo(summary.clientTotalMb, 3);
    // The crash really happened: some calls failed and were retried.
    expect(summary.acked).toBeGreaterThan(100);
  }, 120_000);
});
