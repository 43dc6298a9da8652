import type { FastifyInstance } from 'fastify';

import type { RouteContract } from './route-contract';

export interface CatalogEntry {
  readonly method: string;
  readonly url: string;
  readonly contract?: RouteContract;
}

/**
 * Every route the gateway serves, as Fastify registers it (Nest controllers and the routes
 * Fastify serves directly alike), with its contract when it has one: the OpenAPI document is
 * built from it, and a test lists the routes still without a contract.
 */
export class RouteCatalog {
  private readonly entries: CatalogEntry[] = [];

  /** Must run before the routes are registered (right after the Nest app is created). */
  attach(fastify: FastifyInstance): void {
    fastify.addHook('onRoute', (route) => {
      const bodyLimit = route.config?.contract?.bodyLimitBytes;
      if (bodyLimit) route.bodyLimit = bodyLimit;
      for (const method of ([] as string[]).concat(route.method)) {
        if (method === 'HEAD') continue; // Fastify's automatic twin of each GET
        // The web client's pages and files (web/web.service.ts) are not API routes.
        if (route.config?.webPage) continue;
        this.entries.push({ method, url: route.url, contract: route.config?.contract });
      }
    });
  }

  routes(): readonly CatalogEntry[] {
    return this.entries;
  }

  /** `METHOD /path` of each route without a contract (phase out: see the test). */
  withoutContract(): string[] {
    return this.entries
      .filter((e) => !e.contract)
      .map((e) => `${e.method} ${e.url}`)
      .sort();
  }
}
