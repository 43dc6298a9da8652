import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

import type { Logger } from '@trafficshare/observability';
import { publishLive, type LiveUpdate } from '@trafficshare/realtime';
import { CONFIG, LOGGER, REDIS } from '@trafficshare/service-kit';

import type { AppConfig } from '../config';

/** Best-effort live messages to a user's WebSocket (a lost one is replaced 3 s later). */
@Injectable()
export class LivePublisher {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async publish(telegramId: number | string, update: LiveUpdate): Promise<void> {
    try {
      await publishLive(this.redis, this.config.REDIS_KEY_PREFIX, telegramId, update);
    } catch (err) {
      this.logger.warn({ err, type: update.type }, 'live publish failed');
    }
  }

  /** Many messages in one round trip (the 3-second ticker). */
  async publishMany(
    messages: ReadonlyArray<{ telegramId: number | string; update: LiveUpdate }>,
  ): Promise<void> {
    if (messages.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const m of messages)
      void publishLive(
        pipeline as unknown as Redis,
        this.config.REDIS_KEY_PREFIX,
        m.telegramId,
        m.update,
      );
    try {
      await pipeline.exec();
    } catch (err) {
      this.logger.warn({ err, count: messages.length }, 'live publish failed');
    }
  }
}
