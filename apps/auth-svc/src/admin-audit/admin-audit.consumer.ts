import { Injectable } from '@nestjs/common';

import { ServiceConsumers } from '@trafficshare/service-kit';

import { AdminAuditService } from './admin-audit.service';

export const ADMIN_AUDIT_CONSUMER = 'auth-admin-audit';

/**
 * Every service's AdminActionRecorded into the one chain: each event commits with its inbox row
 * (a redelivery appends nothing) and the chain's lock orders the appends.
 */
@Injectable()
export class AdminAuditConsumer {
  constructor(consumers: ServiceConsumers, audit: AdminAuditService) {
    consumers.on('AdminActionRecorded', { durable: ADMIN_AUDIT_CONSUMER }, (event, manager) =>
      audit.append(manager, event.id, event.message),
    );
  }
}
