import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { join, resolve } from 'node:path';

import type { Logger } from '@trafficshare/observability';

import type { AppConfig } from '../config';
import { GATEWAY_CONFIG, GATEWAY_LOGGER } from '../infra/tokens';
import { findWebBuild, loadWebFiles, type WebFile } from './web-files';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A web client page or file (web/web.service.ts): not an API route, no contract. */
    webPage?: boolean;
  }
}

/** Route config marking the web client's pages: not API routes (no contract, not in OpenAPI). */
export const WEB_ROUTE = { webPage: true } as const;

/**
 * The web client (apps/web, built by `npm run build` into dist/apps/web): `/app` is the
 * Telegram Mini App, `/admin` the admin panel, `/assets/*` their hashed files. Security
 * headers come from the central hook (http/security-headers.ts): only MINIAPP_PATHS (/app)
 * may be framed, by MINIAPP_FRAME_ANCESTORS (Telegram's web clients).
 */
@Injectable()
export class WebService implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(GATEWAY_CONFIG) private readonly config: AppConfig,
    @Inject(GATEWAY_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    if (!this.config.WEB_ENABLED) return;
    const dir = findWebBuild([
      this.config.WEB_DIST_DIR ? resolve(this.config.WEB_DIST_DIR) : '',
      resolve('dist/apps/web'),
      // dist/apps/gateway/src/web → dist/apps/web (a built gateway run from elsewhere)
      join(__dirname, '../../../web'),
    ]);
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const files = dir
      ? loadWebFiles(dir, { botUsername: this.config.TELEGRAM_BOT_USERNAME })
      : { assets: new Map<string, WebFile>(), pages: new Map<string, WebFile>() };
    if (dir) this.logger.info({ dir, assets: files.assets.size }, 'web client loaded');
    else this.logger.warn('web client not built (npm run build): /app and /admin answer 404');

    const send = (request: FastifyRequest, reply: FastifyReply, file: WebFile | undefined) => {
      if (!file) {
        return reply.code(404).send({
          status: 'error',
          code: 'not_found',
          message: dir ? 'No such file' : 'The web client is not built; run npm run build',
        });
      }
      void reply.header('cache-control', file.cacheControl).header('etag', file.etag);
      if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
      return reply.type(file.type).send(file.body);
    };
    for (const prefix of ['/app', '/admin'] as const) {
      const page = (request: FastifyRequest, reply: FastifyReply) =>
        send(request, reply, files.pages.get(prefix));
      fastify.get(prefix, { config: WEB_ROUTE }, page);
      // Client-side screens have no URLs of their own yet; any deeper path gets the page.
      fastify.get(`${prefix}/*`, { config: WEB_ROUTE }, page);
    }
    fastify.get('/assets/*', { config: WEB_ROUTE }, (request, reply) =>
      send(request, reply, files.assets.get(request.url.split('?', 1)[0])),
    );
  }
}
