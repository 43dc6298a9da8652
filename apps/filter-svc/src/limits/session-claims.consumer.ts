import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

import { EventConsumer, type ConsumedEvent } from '@trafficshare/messaging';
import { SERVICE_CONTEXT, type ServiceContext } from '@trafficshare/service-kit';

import { filterMetrics } from '../metrics/filter.metrics';
import { PolicyService } from '../policy/policy.service';
import { IpClaimsService } from './ip-claims.service';

/** Durable consumer of telemetry's SessionStarted. */
export const SESSION_CLAIMS_CONSUMER = 'filter-ip-claims';

/**
 * Makes an IP claim durable once its session exists: SessionStarted commits with telemetry's
 * session row (outbox), so a claim whose START failed is never confirmed and lapses after
 * IP_CLAIM_PENDING_TTL_S. Admin sessions (bypass) never claimed an IP.
 */
@Injectable()
export class SessionClaimsConsumer implements OnModuleInit, OnModuleDestroy {
  private consumer: EventConsumer<'SessionStarted'> | undefined;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly claims: IpClaimsService,
    private readonly policy: PolicyService,
  ) {}

  async onModuleInit(): Promise<void> {
    this.consumer = new EventConsumer({
      nats: this.ctx.nats,
      dataSource: this.ctx.dataSource,
      schema: this.ctx.schema,
      prefix: this.ctx.natsPrefix,
      durable: SESSION_CLAIMS_CONSUMER,
      eventTypes: ['SessionStarted'],
      logger: this.ctx.logger,
      handler: (event) => this.confirm(event),
    });
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer?.stop();
  }

  private async confirm(event: ConsumedEvent<'SessionStarted'>): Promise<void> {
    const m = event.message;
    if (m.bypass) return;
    const device = m.deviceId || `tg:${m.telegramId}`;
    const outcome = await this.claims.confirm(
      device,
      m.sessionId,
      this.policy.current().document.max_devices_per_ip,
    );
    filterMetrics.ipClaimConfirmations.inc({ outcome });
    if (outcome !== 'held' && outcome !== 'released') {
      // The reservation lapsed before the event came (NATS or relay lag past
      // IP_CLAIM_PENDING_TTL_S) and another device took the IP, or nothing was claimed.
      this.ctx.logger.warn(
        { session_id: m.sessionId, outcome },
        'session started without holding its IP',
      );
    }
  }
}
