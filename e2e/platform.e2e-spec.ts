import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { SERVICE_NAMES } from '@trafficshare/config';
import { pollUntil } from '@trafficshare/testing';

import {
  allExpressions,
  exposedFamilies,
  metricRefs,
  PROMETHEUS_SERIES,
  seriesNames,
  typeMistakes,
  type MetricType,
} from '../tools/deploy/monitoring';
import { RelayMetrics } from '../apps/relay/src/metrics';
import { devSecrets, login } from '../tools/simulate/credentials';
import { Stack } from './stack';

interface ReadyBody {
  status: string;
  down: string[];
  components: Record<string, { status: string; error?: string }>;
}

describe('platform (every app as its own process)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start('e2e_platform');
    await stack.waitReady();
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${stack.gatewayUrl}${path}`, { headers });

  it('reports every service and Postgres, Redis, NATS up', async () => {
    const res = await get('/health/ready');
    expect(res.status).toBe(200);
    const body = (await res.json()) as ReadyBody;
    expect(body.down).toEqual([]);
    for (const name of [...SERVICE_NAMES, 'postgres', 'redis', 'nats']) {
      expect(body.components[name]?.status).toBe('up');
    }
  });

  it('turns 503 naming a stopped service and heals when it starts again', async () => {
    await stack.apps.get('ledger-svc')!.stop();
    const down = await pollUntil(
      async () => {
        const res = await get('/health/ready');
        return res.status === 503 ? ((await res.json()) as ReadyBody) : undefined;
      },
      { timeoutMs: 20_000, description: 'readiness 503 after ledger-svc stopped' },
    );
    expect(down.down).toEqual(['ledger-svc']);
    expect(down.components['ledger-svc']?.status).toBe('down');
    expect(down.components['auth-svc']?.status).toBe('up');

    stack.startApp('ledger-svc');
    await stack.waitReady(60_000);
  }, 90_000);

  it('answers liveness, metrics (on the ops port only) and the OpenAPI document', async () => {
    expect((await get('/health')).status).toBe(200);
    const ops = `http://127.0.0.1:${stack.env.get('gateway')!.METRICS_PORT}`;
    const metrics = await (await fetch(`${ops}/metrics`)).text();
    expect(metrics).toContain('http_request_duration_seconds');
    expect(metrics).toContain('app="gateway"');
    expect((await fetch(`${ops}/health/ready`)).status).toBe(200);
    // ~700 KB of per-route timings are nobody's business on the public port.
    const publicMetrics = await get('/metrics');
    expect(publicMetrics.status).toBe(404);
    expect(await publicMetrics.text()).not.toContain('http_request_duration_seconds');
    const docs = (await (await get('/docs-json')).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(docs.openapi).toMatch(/^3\./);
    expect(Object.keys(docs.paths)).toEqual(
      expect.arrayContaining(['/health', '/health/ready', '/api/traffic/start']),
    );
    // The report route is served by Fastify directly (traffic/report.route.ts), documented too.
    const report = (docs.paths['/api/traffic/report'] as { post?: Record<string, unknown> })?.post;
    expect(report).toMatchObject({
      tags: ['traffic'],
      security: [{ bearer: [] }],
      requestBody: {
        content: {
          'application/json': {
            schema: { required: expect.arrayContaining(['session_id', 'seq', 'cumulative_mb']) },
          },
        },
      },
      responses: expect.objectContaining({ 200: expect.anything(), 429: expect.anything() }),
    });
    expect((await get('/docs')).status).toBe(200);
    // What the gateway serves is the committed document that redocly lints and the client is
    // generated from (tools/api/openapi.spec.ts, npm run api:check).
    expect(docs).toEqual(
      JSON.parse(readFileSync(join(__dirname, '../libs/api-client/openapi.json'), 'utf8')),
    );
  });

  it('echoes a request id and gives unknown routes the error body', async () => {
    const res = await get('/api/nope', { 'x-request-id': 'req-e2e-1' });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe('req-e2e-1');
    expect(await res.json()).toEqual({
      status: 'error',
      code: 'not_found',
      message: expect.any(String),
    });
    const generated = await get('/health');
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves each service ops port (metrics with the outbox backlog)', async () => {
    // Services expose /metrics and /health/ready on METRICS_PORT.
    for (const name of SERVICE_NAMES) {
      const port = stack.env.get(name)!.METRICS_PORT;
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
      expect(ready.status).toBe(200);
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(text).toContain(`app="${name}"`);
    }
  });

  it('serves every metric the dashboards and alerts of ops/ read, used as its type allows', async () => {
    // The `# TYPE` lines of every app's /metrics: the metric families the platform serves.
    const families = new Map<string, MetricType>();
    const urls = [
      `http://127.0.0.1:${stack.env.get('gateway')!.METRICS_PORT}/metrics`,
      ...SERVICE_NAMES.map(
        (name) => `http://127.0.0.1:${stack.env.get(name)!.METRICS_PORT}/metrics`,
      ),
    ];
    for (const url of urls) {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      for (const [name, type] of exposedFamilies(await res.text())) families.set(name, type);
    }
    // The relay is not part of this stack: its families are those its metrics registry declares.
    for (const [name, type] of exposedFamilies(await new RelayMetrics().registry.metrics()))
      families.set(name, type);
    const series = seriesNames(families);
    const refs = allExpressions().flatMap((e) =>
      metricRefs(e.expr).map((ref) => ({ ...ref, where: e.where })),
    );
    expect(refs.length).toBeGreaterThan(50);
    const missing = refs
      .filter((r) => !PROMETHEUS_SERIES.has(r.name) && !series.has(r.name))
      .map((r) => `${r.where}: ${r.name}`);
    expect(missing).toEqual([]);
    const mistakes = refs.flatMap((r) => {
      const mistake = typeMistakes(r, series);
      return mistake ? [`${r.where}: ${mistake}`] : [];
    });
    expect(mistakes).toEqual([]);
  });

  it('with the default configuration START denies datacenters and lets home ISPs share', async () => {
    const token = await login(
      stack.gatewayUrl,
      7_700_000_000 + (Date.now() % 1_000_000),
      devSecrets(),
    );
    const start = (ip: string, device: string) =>
      fetch(`${stack.gatewayUrl}/api/traffic/start`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'x-forwarded-for': ip,
        },
        body: JSON.stringify({ device_id: device, network_type: 'wifi' }),
      }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as Record<string, unknown>,
      }));
    for (const ip of ['8.8.8.8', '1.1.1.1']) {
      const denied = await start(ip, `dc-${ip}`);
      expect({ ip, status: denied.status, code: denied.body.code }).toEqual({
        ip,
        status: 403,
        code: 'datacenter_ip',
      });
    }
    for (const ip of ['73.162.10.20', '2003:e0:1a00::1']) {
      const opened = await start(ip, `home-${ip}`);
      expect({ ip, status: opened.status, body: opened.body.status }).toEqual({
        ip,
        status: 200,
        body: 'ok',
      });
    }
  });

  it('stops every app cleanly on SIGTERM', async () => {
    const codes = await Promise.all(
      ['notify-svc', 'payout-svc'].map((name) =>
        stack.apps.get(name as 'notify-svc')!.stop(10_000),
      ),
    );
    expect(codes).toEqual([0, 0]);
  });
});
