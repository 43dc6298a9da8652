import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { WebSocket } from 'ws';

import type { Logger } from '@trafficshare/observability';
import { encodeLive } from '@trafficshare/realtime';

import { AccessTokenVerifier } from '../auth/access-token.verifier';
import { authenticate, type Authentication } from '../auth/auth.guard';
import { RevocationService } from '../auth/revocation.service';
import type { AppConfig } from '../config';
import { toErrorResponse } from '../errors/http-error';
import { ensureWebsocket } from '../http/websocket';
import { GATEWAY_CONFIG, GATEWAY_LOGGER, GATEWAY_REDIS } from '../infra/tokens';
import { LiveHub } from './live-hub';
import { LiveRoute } from './live.contract';

export const LIVE_PATH = LiveRoute.path;
const RECHECK_MS = 30_000;
const CLOSE_REVOKED = 4401;

type LiveRequest = FastifyRequest & { liveAuth?: Authentication };

/** The token of a WebSocket handshake: `?token=` or `Sec-WebSocket-Protocol: bearer, <jwt>`. */
export function handshakeToken(request: FastifyRequest): string | undefined {
  const query = request.query as Record<string, unknown> | undefined;
  if (typeof query?.token === 'string' && query.token) return query.token;
  const header = request.headers['sec-websocket-protocol'];
  if (typeof header !== 'string') return undefined;
  const parts = header.split(',').map((p) => p.trim());
  return parts[0] === 'bearer' && parts[1] ? parts[1] : undefined;
}

/**
 * WebSocket `/api/notifications/live`: JWT checked (signature, expiry, revocation) before the
 * upgrade; `connected` first, then the user's messages as `{"type", "at", "data"}` — one of the
 * `LiveSocketMessage` union of libs/realtime (traffic_update, balance_update, session_status,
 * price_update, subscription_update, notification). Sockets are re-checked every 30 s and
 * closed with 4401 once their session is revoked or their token expired.
 */
@Injectable()
export class LiveService implements OnModuleInit, OnApplicationShutdown {
  private hub!: LiveHub;
  private subscriber!: Redis;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly verifier: AccessTokenVerifier,
    private readonly revocation: RevocationService,
    @Inject(GATEWAY_CONFIG) private readonly config: AppConfig,
    @Inject(GATEWAY_REDIS) private readonly redis: Redis,
    @Inject(GATEWAY_LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    // A dedicated connection: a subscribed Redis connection cannot run other commands.
    this.subscriber = this.redis.duplicate({
      lazyConnect: true,
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
    });
    await this.subscriber.connect();
    this.hub = new LiveHub(this.subscriber, this.config.REDIS_KEY_PREFIX);
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    ensureWebsocket(fastify);
    void fastify.register(async (instance) => {
      instance.get(
        LIVE_PATH,
        {
          websocket: true,
          config: { contract: LiveRoute },
          preValidation: (request, reply) => this.authorize(request, reply),
        },
        (socket, request) => this.connected(socket, request as LiveRequest),
      );
    });
    this.timer = setInterval(() => void this.recheck(), RECHECK_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    for (const [, socket] of this.hub?.all() ?? []) socket.close(1001, 'server shutting down');
    this.subscriber?.disconnect();
  }

  private async authorize(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    try {
      const auth = await authenticate(this.verifier, this.revocation, handshakeToken(request));
      if (this.hub.count(auth.claims.sub) >= this.config.LIVE_MAX_SOCKETS_PER_USER) {
        await reply.status(429).send({
          status: 'error',
          code: 'too_many_connections',
          message: 'Too many live connections for this user',
        });
        return;
      }
      (request as LiveRequest).liveAuth = auth;
    } catch (err) {
      const { status, body } = toErrorResponse(err, String(request.id));
      await reply.status(status).send(body);
    }
  }

  private async connected(socket: WebSocket, request: LiveRequest): Promise<void> {
    const auth = request.liveAuth!;
    const sub = auth.claims.sub;
    (socket as WebSocket & { claims?: Authentication['claims'] }).claims = auth.claims;
    socket.on('close', () => this.hub.remove(sub, socket));
    socket.on('error', () => this.hub.remove(sub, socket));
    // Clients only listen; anything they send is ignored (no amplification, no parsing).
    socket.on('message', () => undefined);
    try {
      await this.hub.add(sub, socket);
    } catch (err) {
      this.logger.error({ err }, 'live subscribe failed');
      socket.close(1011, 'live updates unavailable');
      return;
    }
    socket.send(
      encodeLive({
        type: 'connected',
        data: {
          telegram_id: Number(sub),
          subscription_version: auth.entitlementVersion ?? auth.claims.ver,
        },
      }),
    );
  }

  /** Closes sockets whose session was revoked or whose token expired. */
  private async recheck(): Promise<void> {
    const nowS = Math.floor(Date.now() / 1000);
    for (const [, socket] of this.hub.all()) {
      const claims = (socket as WebSocket & { claims?: Authentication['claims'] }).claims;
      if (!claims) continue;
      try {
        const state = claims.exp <= nowS ? 'expired' : (await this.revocation.check(claims)).state;
        if (state !== 'active')
          socket.close(CLOSE_REVOKED, state === 'expired' ? 'token expired' : 'session ended');
      } catch {
        // Redis is down: keep sockets; the next round decides.
      }
    }
  }
}
