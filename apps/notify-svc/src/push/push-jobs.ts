import { randomUUID } from 'node:crypto';

import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import type { CallerInfo, UserId } from '@trafficshare/identity';
import type { Logger } from '@trafficshare/observability';
import {
  CONFIG,
  DATA_SOURCE,
  LOGGER,
  Periodic,
  SERVICE_CONTEXT,
  type ServiceContext,
} from '@trafficshare/service-kit';

import { NotifyAdminAudit } from '../common/admin-audit';
import { NOTIFY_METRICS } from '../common/notify.metrics';
import type { AppConfig } from '../config';
import { DevicesRepository } from '../devices/devices.repository';
import { NotificationsRepository } from '../notifications/notifications.repository';
import type { PushMessage } from './fcm-sender';
import { countPush, PushDispatcher } from './push-dispatcher';
import { PushGateway } from './push-gateway';

const PAGE = 500;

/** What an admin push sends and to whom (stored with the job, so another replica can resume). */
export interface PushJobRequest {
  readonly title: string;
  readonly body: string;
  readonly silent: boolean;
  readonly data: Record<string, string>;
  readonly activeSince: string | null;
  readonly platform: string | null;
  readonly owners: number[] | null;
}

export interface PushJobRow {
  readonly id: string;
  readonly status: 'running' | 'done' | 'failed';
  readonly sent: number;
  readonly failed: number;
  readonly deleted: number;
  readonly total: number;
  readonly created_at: Date;
  readonly finished_at: Date | null;
}

interface ClaimedJob extends PushJobRow {
  readonly request: PushJobRequest;
  readonly cursor: string;
  readonly reached: Record<string, boolean>;
}

/**
 * Admin pushes to segments as jobs: the request is stored with the segment's token count, sent
 * in the background page by page (≤ 500 tokens, at the global push rate), each page's counts and
 * the last token sent committed with it. `create` answers when the job is done or after
 * PUSH_SEND_WAIT_MS, whichever comes first (a large segment outlives any request deadline).
 * A `running` job not advanced for PUSH_JOB_STALE_MS (its replica stopped) is taken over by the
 * next replica's sweep from its last token — a page cut short may be pushed again. Users reached
 * get the in-app notification when the job ends (one per user, however many devices).
 */
@Injectable()
export class PushJobs implements OnModuleInit, OnModuleDestroy {
  private readonly table: string;
  private readonly running = new Map<string, Promise<void>>();
  private readonly periodic: Periodic;
  private stopping = false;

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(SERVICE_CONTEXT) ctx: ServiceContext,
    private readonly devices: DevicesRepository,
    private readonly notifications: NotificationsRepository,
    private readonly push: PushGateway,
    private readonly dispatcher: PushDispatcher,
    private readonly audit: NotifyAdminAudit,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.table = `"${ctx.schema}"."push_jobs"`;
    this.periodic = new Periodic(
      () => this.sweep(),
      Math.max(1_000, Math.floor(config.PUSH_JOB_STALE_MS / 2)),
      (err) => logger.warn({ err }, 'push job sweep failed'),
    );
  }

  onModuleInit(): void {
    this.periodic.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.periodic.stop();
    // Each job stops after its current page; another replica resumes it.
    await Promise.allSettled([...this.running.values()]);
  }

  /** Stores the job (with its audit event), starts it, and answers its state when done or
   *  after the wait. */
  async create(caller: CallerInfo, request: PushJobRequest): Promise<PushJobRow> {
    const total = await this.devices.countSegment(this.filterOf(request));
    const id = randomUUID();
    const now = new Date();
    const job = await this.ds.transaction(async (m) => {
      const [row]: ClaimedJob[] = await m.query(
        `INSERT INTO ${this.table} (id, status, created_by, request, total, created_at, updated_at)
         VALUES ($1, 'running', $2, $3, $4, $5, $5)
         RETURNING *`,
        [id, caller.telegramId, JSON.stringify(request), total, now],
      );
      await this.audit.record(m, caller, 'push.send', `push_job:${id}`, {
        title: request.title,
        silent: request.silent,
        devices: total,
        platform: request.platform ?? '',
        active_since: request.activeSince ?? '',
        users: request.owners?.length ?? 0,
      });
      return row;
    });
    const run = this.start(job);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      run,
      new Promise((resolve) => (timer = setTimeout(resolve, this.config.PUSH_SEND_WAIT_MS))),
    ]);
    clearTimeout(timer);
    return (await this.get(id))!;
  }

  async get(id: string): Promise<PushJobRow | undefined> {
    const rows: PushJobRow[] = await this.ds.query(
      `SELECT id, status, sent, failed, deleted, total, created_at, finished_at
       FROM ${this.table} WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  /** Takes over running jobs nobody advanced for PUSH_JOB_STALE_MS. */
  async sweep(): Promise<void> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [stale]: [ClaimedJob[], number] = await this.ds.query(
      `UPDATE ${this.table} SET updated_at = now()
       WHERE id IN (SELECT id FROM ${this.table}
                    WHERE status = 'running' AND updated_at < now() - $1::int * interval '1 millisecond'
                    ORDER BY updated_at LIMIT 5 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [this.config.PUSH_JOB_STALE_MS],
    );
    for (const job of stale) {
      if (this.running.has(job.id)) continue;
      this.logger.warn({ job: job.id, cursor: job.cursor }, 'resuming a stalled push job');
      void this.start(job);
    }
  }

  private start(job: ClaimedJob): Promise<void> {
    const run = this.run(job)
      .catch(async (err: unknown) => {
        this.logger.error({ err, job: job.id }, 'push job failed');
        await this.ds.query(
          `UPDATE ${this.table} SET status = 'failed', error = $2, finished_at = now(), updated_at = now()
           WHERE id = $1 AND status = 'running'`,
          [job.id, String(err).slice(0, 500)],
        );
      })
      .finally(() => this.running.delete(job.id));
    this.running.set(job.id, run);
    return run;
  }

  private filterOf(request: PushJobRequest) {
    return {
      activeSince: request.activeSince ? new Date(request.activeSince) : undefined,
      platform: request.platform ?? undefined,
      owners: request.owners ? (request.owners as UserId[]) : undefined,
    };
  }

  private async run(job: ClaimedJob): Promise<void> {
    const { request } = job;
    const filter = this.filterOf(request);
    const reached = new Map<string, boolean>(Object.entries(job.reached ?? {}));
    for (let after = job.cursor; ;) {
      if (this.stopping) return;
      const page = await this.devices.segment(filter, after, PAGE);
      if (page.length === 0) break;
      const messages: PushMessage[] = page.map((d) => ({
        token: d.fcmToken,
        title: request.title,
        body: request.body,
        data: { ...request.data, type: 'admin' },
        silent: request.silent,
      }));
      const outcomes = await this.push.send(messages);
      countPush('admin', outcomes);
      const gone: string[] = [];
      const changed: Record<string, boolean> = {};
      let sent = 0;
      outcomes.forEach((o, i) => {
        const device = page[i];
        if (o === 'sent') sent += 1;
        if (o === 'token_gone') gone.push(device.fcmToken);
        const key = String(device.telegramId);
        const before = reached.get(key);
        const now = (before ?? false) || o === 'sent';
        if (before !== now) {
          reached.set(key, now);
          changed[key] = now;
        }
      });
      const deleted = await this.devices.removeTokens(gone);
      NOTIFY_METRICS.tokensDeleted.inc({ reason: 'gone' }, deleted);
      after = page[page.length - 1].fcmToken;
      await this.ds.query(
        `UPDATE ${this.table} SET sent = sent + $2, failed = failed + $3, deleted = deleted + $4,
           cursor = $5, reached = reached || $6::jsonb, updated_at = now()
         WHERE id = $1`,
        [job.id, sent, outcomes.length - sent, deleted, after, JSON.stringify(changed)],
      );
    }
    if (!request.silent && reached.size > 0) {
      const now = new Date();
      const stored = await this.notifications.transaction(async (m) => {
        // Finishing and storing in one transaction: a job is never stored twice.
        const [, finished] = await m.query<[unknown, number]>(
          `UPDATE ${this.table} SET status = 'done', finished_at = $2, updated_at = $2
           WHERE id = $1 AND status = 'running'`,
          [job.id, now],
        );
        if (finished === 0) return [];
        return this.notifications.addReturning(
          m,
          [...reached].map(([telegramId, ok]) => ({
            telegramId: Number(telegramId) as UserId,
            type: 'admin',
            title: request.title,
            body: request.body,
            pushStatus: ok ? 'sent' : 'failed',
          })),
          now,
        );
      });
      // Stored already pushed: the dispatcher never claims them, so they go live from here.
      await this.dispatcher.deliverLive(stored);
      return;
    }
    await this.ds.query(
      `UPDATE ${this.table} SET status = 'done', finished_at = now(), updated_at = now()
       WHERE id = $1 AND status = 'running'`,
      [job.id],
    );
  }
}
