import type { Scenario } from '../scenario';

/** The gateway's liveness route: the HTTP stack alone (Fastify, Nest guards, metrics hook). */
export const health: Scenario = {
  name: 'health',
  description: 'GET /health (gateway only: the baseline cost of one request)',
  prepare: async () => ({
    next: () => ({ method: 'GET', path: '/health' }),
    expectedStatuses: [200],
  }),
};
