import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { CallerInfo } from '@trafficshare/identity';
import type { Outbox } from '@trafficshare/messaging';
import { OUTBOX } from '@trafficshare/service-kit';

/** Longest text of a detail (titles, replies): the audit says what changed, not the whole text. */
const CLIP = 200;

const clip = (v: unknown): unknown =>
  typeof v === 'string' && v.length > CLIP ? `${v.slice(0, CLIP)}…` : v;

/**
 * notify-svc's admin actions (push jobs, announcements, support replies and closes) in the
 * platform's audit trail: AdminActionRecorded through the outbox, in the transaction of the
 * action itself, so an action and its audit event commit or roll back together. auth-svc keeps
 * them in the hash-chained admin audit.
 */
@Injectable()
export class NotifyAdminAudit {
  constructor(@Inject(OUTBOX) private readonly outbox: Outbox) {}

  async record(
    m: EntityManager,
    caller: CallerInfo,
    action: string,
    target: string,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    const clipped = Object.fromEntries(Object.entries(details).map(([k, v]) => [k, clip(v)]));
    await this.outbox.add(m, 'AdminActionRecorded', {
      service: 'notify-svc',
      actorId: caller.telegramId,
      action,
      target,
      detailsJson: JSON.stringify(clipped),
      ip: caller.ip,
      occurredAt: new Date().toISOString(),
    });
  }
}
