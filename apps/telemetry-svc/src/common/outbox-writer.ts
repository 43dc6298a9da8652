import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { Outbox, OutboxEntry } from '@trafficshare/messaging';
import { OUTBOX } from '@trafficshare/service-kit';

/** The service's outbox as an injectable (events commit with the state change). */
@Injectable()
export class OutboxWriter {
  constructor(@Inject(OUTBOX) private readonly outbox: Outbox) {}

  addMany(m: EntityManager, entries: readonly OutboxEntry[]): Promise<string[]> {
    return this.outbox.addMany(m, entries);
  }
}
