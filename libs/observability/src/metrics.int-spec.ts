import type { Server } from 'node:http';

import { Counter } from 'prom-client';

import { probe, scrapeGauge, setupMetrics, startOpsServer, summarize } from './metrics';

describe('ops server', () => {
  let server: Server;
  let healthy = true;
  let base = '';

  beforeAll(async () => {
    const registry = setupMetrics('ops-test');
    new Counter({ name: 'ops_test_total', help: 'test counter', registers: [registry] }).inc(3);
    server = await startOpsServer({
      host: '127.0.0.1',
      port: 0,
      registry,
      readiness: async () =>
        summarize({
          postgres: await probe(
            async () => (healthy ? 1 : Promise.reject(new Error('connection refused'))),
            200,
          ),
          nats: await probe(() => new Promise(() => undefined), 50),
        }),
    });
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('serves Prometheus metrics with the app label', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/ops_test_total\{app="ops-test"\} 3/);
    expect(text).toContain('process_cpu_seconds_total');
  });

  it('reads a scrape gauge from its first source at each scrape, and is NaN when it is unknown', async () => {
    const gauge = scrapeGauge('ops_test_backlog', 'test gauge');
    expect(scrapeGauge('ops_test_backlog', 'again')).toBe(gauge);
    const scrape = async () =>
      /ops_test_backlog\{app="ops-test"\} (\S+)/.exec(
        await (await fetch(`${base}/metrics`)).text(),
      )?.[1];
    expect(await scrape()).toBe('Nan');
    let value = 4;
    const off = gauge.source(async () => value);
    const second = gauge.source(async () => 99);
    expect(await scrape()).toBe('4');
    value = 7;
    expect(await scrape()).toBe('7');
    off();
    expect(await scrape()).toBe('99');
    second();
    const broken = gauge.source(() => Promise.reject(new Error('db down')));
    expect(await scrape()).toBe('Nan');
    broken();
  });

  it('answers liveness, and readiness 503 naming what is down', async () => {
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const res = await fetch(`${base}/health/ready`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as {
      components: Record<string, { status: string; error?: string }>;
    };
    expect(body.components.postgres?.status).toBe('up');
    expect(body.components.nats).toEqual({ status: 'down', error: 'no answer within 50 ms' });
    healthy = false;
    const again = (await (await fetch(`${base}/health/ready`)).json()) as typeof body;
    expect(again.components.postgres).toEqual({ status: 'down', error: 'connection refused' });
  });

  it('answers unknown paths with the error body', async () => {
    const res = await fetch(`${base}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ status: 'error', code: 'not_found' });
  });
});
