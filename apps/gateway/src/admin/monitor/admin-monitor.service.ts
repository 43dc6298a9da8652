import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { WebSocket } from 'ws';

import type { common } from '@trafficshare/contracts';
import { countRecentErrors, type Logger } from '@trafficshare/observability';
import { readMonitorTotals } from '@trafficshare/service-kit';

import { AccessTokenVerifier } from '../../auth/access-token.verifier';
import { authenticate, type Authentication } from '../../auth/auth.guard';
import { RevocationService } from '../../auth/revocation.service';
import { callerOf } from '../../common/caller';
import { usd } from '../../common/units';
import type { AppConfig } from '../../config';
import { toErrorResponse } from '../../errors/http-error';
import { ensureWebsocket } from '../../http/websocket';
import { GATEWAY_CONFIG, GATEWAY_LOGGER, GATEWAY_REDIS } from '../../infra/tokens';
import { handshakeToken } from '../../live/live.service';
import {
  MonitorFilter,
  MonitorLedger,
  MonitorPayout,
  MonitorTelemetry,
} from './admin-monitor.clients';
import { AdminMonitorRoute, type MonitorData } from './admin-monitor.contract';
import { CounterRate } from './counter-rate';

const CLOSE_REVOKED = 4401;
const RECHECK_MS = 30_000;
const ERROR_WINDOW_MS = 10_000;
/** The CounterRate source of cluster-wide totals. */
const CLUSTER = 'cluster';

type MonitorRequest = FastifyRequest & { monitorAuth?: Authentication };

interface AdminSocket {
  readonly claims: Authentication['claims'];
  readonly caller: common.Caller;
}

const round = (n: number, digits = 3): number => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * WebSocket /ws/admin/monitor (superadmins): a `monitor` frame every ADMIN_MONITOR_TICK_MS with
 * allow/deny counts, active sessions, reports/s, credited USD/min, pending withdrawals and
 * errors/s. One gathering per tick serves every connected admin (the services are asked once,
 * not per socket), with a deadline shorter than the tick; no socket, no ticking. The RPCs that
 * need an admin caller carry the identity of a connected superadmin.
 */
@Injectable()
export class AdminMonitorService implements OnModuleInit, OnApplicationShutdown {
  private readonly sockets = new Map<WebSocket, AdminSocket>();
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private lastRecheck = Date.now();
  private readonly allowed = new CounterRate();
  private readonly denied = new CounterRate();
  private readonly reports = new CounterRate();
  private readonly credited = new CounterRate();
  /** Ticks gathered since boot (ops and tests: one per tick whatever the number of sockets). */
  gatherings = 0;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly verifier: AccessTokenVerifier,
    private readonly revocation: RevocationService,
    @Inject(GATEWAY_CONFIG) private readonly config: AppConfig,
    @Inject(GATEWAY_REDIS) private readonly redis: Redis,
    @Inject(GATEWAY_LOGGER) private readonly logger: Logger,
    @Inject(MonitorTelemetry.token) private readonly telemetry: typeof MonitorTelemetry.type,
    @Inject(MonitorLedger.token) private readonly ledger: typeof MonitorLedger.type,
    @Inject(MonitorFilter.token) private readonly filter: typeof MonitorFilter.type,
    @Inject(MonitorPayout.token) private readonly payout: typeof MonitorPayout.type,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    ensureWebsocket(fastify);
    void fastify.register(async (instance) => {
      instance.get(
        AdminMonitorRoute.path,
        {
          websocket: true,
          config: { contract: AdminMonitorRoute },
          preValidation: (request, reply) => this.authorize(request, reply),
        },
        (socket, request) => this.connected(socket, request as MonitorRequest),
      );
    });
  }

  onApplicationShutdown(): void {
    this.stopTicking();
    for (const socket of this.sockets.keys()) socket.close(1001, 'server shutting down');
  }

  private async authorize(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    try {
      const auth = await authenticate(this.verifier, this.revocation, handshakeToken(request));
      if (auth.claims.role !== 'superadmin') {
        await reply.status(403).send({
          status: 'error',
          code: 'forbidden',
          message: 'The monitor is for superadmins',
        });
        return;
      }
      const mine = [...this.sockets.values()].filter((s) => s.claims.sub === auth.claims.sub);
      if (mine.length >= this.config.LIVE_MAX_SOCKETS_PER_USER) {
        await reply.status(429).send({
          status: 'error',
          code: 'too_many_connections',
          message: 'Too many monitor connections for this admin',
        });
        return;
      }
      (request as MonitorRequest).monitorAuth = auth;
    } catch (err) {
      const { status, body } = toErrorResponse(err, String(request.id));
      await reply.status(status).send(body);
    }
  }

  private connected(socket: WebSocket, request: MonitorRequest): void {
    const auth = request.monitorAuth!;
    this.sockets.set(socket, { claims: auth.claims, caller: callerOf(request, auth.claims) });
    const drop = (): void => {
      this.sockets.delete(socket);
      if (this.sockets.size === 0) this.stopTicking();
    };
    socket.on('close', drop);
    socket.on('error', drop);
    // Clients only listen; anything they send is ignored.
    socket.on('message', () => undefined);
    socket.send(
      JSON.stringify({
        type: 'connected',
        at: new Date().toISOString(),
        data: { telegram_id: Number(auth.claims.sub), tick_ms: this.config.ADMIN_MONITOR_TICK_MS },
      }),
    );
    if (!this.timer) {
      this.timer = setInterval(() => void this.tick(), this.config.ADMIN_MONITOR_TICK_MS);
      this.timer.unref();
    }
  }

  private stopTicking(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.sockets.size === 0) return;
    this.ticking = true;
    try {
      await this.recheck();
      const admin = this.sockets.values().next().value;
      if (!admin) return;
      const data = await this.gather(admin.caller);
      const frame = JSON.stringify({ type: 'monitor', at: new Date().toISOString(), data });
      for (const socket of this.sockets.keys()) if (socket.readyState === 1) socket.send(frame);
    } catch (err) {
      this.logger.warn({ err }, 'admin monitor tick failed');
    } finally {
      this.ticking = false;
    }
  }

  /** The numbers of one tick, each from its owner; a failed source is null and named. */
  async gather(caller: common.Caller): Promise<MonitorData> {
    this.gatherings += 1;
    const deadlineMs = Math.max(200, this.config.ADMIN_MONITOR_TICK_MS - 200);
    const opts = { deadlineMs };
    const [f, t, ts, l, p, e, c] = await Promise.allSettled([
      this.filter.describe({}, opts),
      this.telemetry.describe({}, opts),
      this.telemetry.getAdminStats({ caller, days: 1 }, opts),
      this.ledger.getAdminStats({ caller, days: 1 }, opts),
      this.payout.describe({}, opts),
      countRecentErrors(this.redis, ERROR_WINDOW_MS),
      readMonitorTotals(this.redis),
    ]);
    const now = Date.now();
    const degraded: string[] = [];
    const ok = <T>(name: string, r: PromiseSettledResult<T>): T | undefined => {
      if (r.status === 'fulfilled') return r.value;
      degraded.push(name);
      return undefined;
    };
    const fv = ok('filter', f);
    const tv = ok('reports', t);
    const tsv = ok('sessions', ts);
    const lv = ok('credited', l);
    const pv = ok('withdrawals', p);
    const ev = ok('errors', e);
    // Allow/deny and reports are cluster-wide totals every replica adds to (a Describe reaches
    // one replica); the Describe says whether the service answers at all.
    const totals = c.status === 'fulfilled' ? c.value : undefined;
    if (!totals) degraded.push('totals');

    let filter: MonitorData['filter'] = null;
    if (fv && totals) {
      const a = this.allowed.next(CLUSTER, totals.filter_allowed_total, now);
      const d = this.denied.next(CLUSTER, totals.filter_denied_total, now);
      filter =
        a && d
          ? {
              allowed: a.delta,
              denied: d.delta,
              allowed_per_s: round(a.perS),
              denied_per_s: round(d.perS),
            }
          : null;
    }
    const reports =
      tv && totals ? this.reports.next(CLUSTER, totals.reports_accepted_total, now) : null;
    const credited = lv
      ? this.credited.next('ledger', Number(lv.today?.incomeMicroUsd ?? 0), now)
      : null;
    return {
      tick_ms: this.config.ADMIN_MONITOR_TICK_MS,
      filter,
      active_sessions: tsv ? tsv.activeSessions : null,
      reports_per_s: reports ? round(reports.perS) : null,
      credited_usd_per_min: credited ? round(usd(Math.round(credited.perS * 60)), 6) : null,
      pending_withdrawals: pv ? Math.round(pv.monitor.withdrawals_pending ?? 0) : null,
      errors_per_s: ev !== undefined ? round(ev / (ERROR_WINDOW_MS / 1000)) : null,
      degraded,
    };
  }

  /** Closes sockets whose session was revoked or whose token expired (every 30 s). */
  private async recheck(): Promise<void> {
    if (Date.now() - this.lastRecheck < RECHECK_MS) return;
    this.lastRecheck = Date.now();
    const nowS = Math.floor(Date.now() / 1000);
    for (const [socket, { claims }] of this.sockets) {
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
