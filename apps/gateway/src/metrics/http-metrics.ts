import type { FastifyInstance } from 'fastify';
import { Counter, Histogram } from 'prom-client';

const duration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'Gateway HTTP request latency by route and status',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});
const total = new Counter({
  name: 'http_requests_total',
  help: 'Gateway HTTP requests by route and status',
  labelNames: ['method', 'route', 'status'],
});

/** Records latency per route pattern (never the raw URL, which would explode cardinality). */
export function registerHttpMetrics(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    duration.observe(labels, reply.elapsedTime / 1000);
    total.inc(labels);
    done();
  });
}
