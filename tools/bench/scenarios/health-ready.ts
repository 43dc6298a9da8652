import type { Scenario } from '../scenario';

/** The gateway's readiness route: every service's gRPC health, Postgres, Redis and NATS. */
export const healthReady: Scenario = {
  name: 'health-ready',
  description: 'GET /health/ready (gateway probes every service, Postgres, Redis and NATS)',
  prepare: async () => ({
    next: () => ({ method: 'GET', path: '/health/ready' }),
    expectedStatuses: [200],
  }),
};
