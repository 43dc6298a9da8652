import { Inject, Injectable } from '@nestjs/common';

import type { Logger } from '@trafficshare/observability';
import { LOGGER } from '@trafficshare/service-kit';

import { FILTER_CLIENT, type FilterClient } from '../common/filter-client';

export interface ClaimOwner {
  readonly deviceId: string;
  readonly telegramId: number;
  readonly sessionId: string;
}

/**
 * Frees the public IP filter-svc holds for a session: at session end, and when a START fails
 * after an allow decision (the session was never opened). Only that session's claim is freed,
 * so a late call never frees a newer session's. ReleaseIp is idempotent, so the gRPC client
 * retries it on UNAVAILABLE / DEADLINE_EXCEEDED within FILTER_DEADLINE_MS. If it still fails,
 * the claim lapses by itself: IP_CLAIM_PENDING_TTL_S for a START that never opened,
 * IP_DEVICE_TTL_S for a session that ran.
 */
@Injectable()
export class IpRelease {
  constructor(
    @Inject(FILTER_CLIENT) private readonly filter: FilterClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async release(owner: ClaimOwner, why: 'session_end' | 'start_failed'): Promise<void> {
    try {
      await this.filter.rpc.releaseIp(owner);
    } catch (err) {
      this.logger.warn(
        { err, sessionId: owner.sessionId, why },
        'filter ReleaseIp failed (the claim expires by itself)',
      );
    }
  }
}
