import { randomUUID } from 'node:crypto';

import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { isUserId, type UserId } from '@trafficshare/identity';
import type { Logger } from '@trafficshare/observability';
import { telegramIdOfChannel, userLivePattern } from '@trafficshare/realtime';
import { CONFIG, LOGGER, Periodic, REDIS } from '@trafficshare/service-kit';

import { durationS, missingReports } from '../common/session-row';
import { milliToMb } from '../common/units';
import type { AppConfig } from '../config';
import { SessionsRepository } from '../sessions/sessions.repository';
import { LivePublisher } from './live-publisher';

/** Users per session query. */
const PAGE = 1_000;
const LEADER_KEY = 'tl:live:leader';
// Renew the lease only if it is still ours.
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;

/**
 * Every LIVE_UPDATE_MS one replica (the holder of a Redis lease) sends each running session's
 * `traffic_update` (used_mb, current_speed, status) to its owner's live channel, read from the
 * committed session rows — so every replica's reports show, and each update is sent once.
 * Only users someone listens to get one: the gateways SUBSCRIBE to the channel of each user with
 * an open WebSocket, and the ticker asks Redis which channels have subscribers (PUBSUB
 * CHANNELS), so the cost follows the open apps, not the running phones.
 */
@Injectable()
export class LiveTicker implements OnModuleInit, OnModuleDestroy {
  private readonly id = randomUUID();
  private readonly periodic: Periodic;

  constructor(
    private readonly sessions: SessionsRepository,
    private readonly live: LivePublisher,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.periodic = new Periodic(
      () => this.tick(),
      config.LIVE_UPDATE_MS,
      (err) => logger.warn({ err }, 'live tick failed'),
    );
  }

  onModuleInit(): void {
    this.periodic.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.periodic.stop();
    await this.redis
      .eval(
        `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`,
        1,
        LEADER_KEY,
        this.id,
      )
      .catch(() => undefined);
  }

  private async lead(): Promise<boolean> {
    const leaseMs = String(this.config.LIVE_UPDATE_MS * 2 + 1_000);
    if ((await this.redis.set(LEADER_KEY, this.id, 'PX', leaseMs, 'NX')) === 'OK') return true;
    return Number(await this.redis.eval(RENEW, 1, LEADER_KEY, this.id, leaseMs)) === 1;
  }

  async tick(): Promise<number> {
    if (!(await this.lead())) return 0;
    const watched = await this.watchedUsers();
    const now = new Date();
    let sent = 0;
    for (let i = 0; i < watched.length; i += PAGE) {
      const rows = await this.sessions.activeOfUsers(watched.slice(i, i + PAGE));
      await this.live.publishMany(
        rows.map((r) => ({
          telegramId: r.telegram_id,
          update: {
            type: 'traffic_update',
            data: {
              session_id: r.id,
              status: r.status,
              used_mb: milliToMb(Number(r.server_counted_milli_mb)),
              current_speed: milliToMb(Number(r.last_speed_milli_mb_s)),
              duration_s: durationS(r, now),
              report_count: r.report_count,
              missing_reports: missingReports(r),
            },
          },
        })),
      );
      sent += rows.length;
    }
    return sent;
  }

  /** Users whose live channel has a subscriber (an open WebSocket on some gateway). */
  private async watchedUsers(): Promise<UserId[]> {
    const prefix = this.config.REDIS_KEY_PREFIX;
    const channels = (await this.redis.pubsub('CHANNELS', userLivePattern(prefix))) as string[];
    const ids = new Set<UserId>();
    for (const channel of channels) {
      const id = Number(telegramIdOfChannel(prefix, channel));
      if (isUserId(id)) ids.add(id);
    }
    return [...ids];
  }
}
