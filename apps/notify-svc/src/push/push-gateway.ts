import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';

import type { Logger } from '@trafficshare/observability';
import { CONFIG, LOGGER } from '@trafficshare/service-kit';

import type { AppConfig } from '../config';
import { FakeFcmServer } from './fake-fcm-server';
import { FCM_BATCH_MAX, FcmSender, type PushMessage, type PushOutcome } from './fcm-sender';

/**
 * The one way pushes leave notify-svc: firebase-admin (FcmSender) at a global rate of
 * PUSH_RATE_PER_S tokens per second, in batches of at most 500. In `sandbox` mode an in-process
 * server speaking FCM's wire format receives them and each push is logged, so `npm start` shows
 * the flow with no Google account.
 */
@Injectable()
export class PushGateway implements OnModuleDestroy {
  private sender: FcmSender | undefined;
  private sandbox: FakeFcmServer | undefined;
  private starting: Promise<FcmSender> | undefined;
  private nextSlot = 0;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Sends any number of messages (split into batches of ≤ 500, paced to the global rate). */
  async send(messages: readonly PushMessage[]): Promise<PushOutcome[]> {
    const sender = await this.ready();
    const outcomes: PushOutcome[] = [];
    for (let i = 0; i < messages.length; i += FCM_BATCH_MAX) {
      const batch = messages.slice(i, i + FCM_BATCH_MAX);
      await this.pace(batch.length);
      outcomes.push(...(await sender.sendBatch(batch)));
    }
    return outcomes;
  }

  async onModuleDestroy(): Promise<void> {
    await this.sender?.close();
    await this.sandbox?.stop();
  }

  /** Token bucket over all callers: a batch of n tokens takes n / rate seconds of the budget. */
  private async pace(tokens: number): Promise<void> {
    const now = Date.now();
    const start = Math.max(now, this.nextSlot);
    this.nextSlot = start + (tokens * 1000) / this.config.PUSH_RATE_PER_S;
    if (start > now) await new Promise((resolve) => setTimeout(resolve, start - now));
  }

  private ready(): Promise<FcmSender> {
    this.starting ??= this.create();
    return this.starting;
  }

  private async create(): Promise<FcmSender> {
    const c = this.config;
    if (c.FCM_MODE === 'live') {
      this.sender = new FcmSender({
        projectId: c.FCM_PROJECT_ID,
        serviceAccountJson: c.FCM_SERVICE_ACCOUNT_JSON,
      });
      return this.sender;
    }
    let address = c.FCM_EMULATOR_ADDRESS;
    if (c.FCM_MODE === 'sandbox') {
      this.sandbox = new FakeFcmServer((m) =>
        this.logger.info(
          {
            token: `${m.token.slice(0, 8)}…`,
            title: m.notification?.title ?? '(silent)',
            data: m.data,
          },
          'sandbox push delivered (FCM_MODE=sandbox: an in-process FCM stand-in received it)',
        ),
      );
      address = `127.0.0.1:${await this.sandbox.start()}`;
    }
    if (!address) throw new Error('FCM_EMULATOR_ADDRESS is required when FCM_MODE=emulator');
    this.sender = new FcmSender({ projectId: c.FCM_PROJECT_ID, emulatorAddress: address });
    return this.sender;
  }
}
