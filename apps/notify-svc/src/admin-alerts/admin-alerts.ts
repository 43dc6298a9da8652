import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { ConsumedEvent } from '@trafficshare/messaging';
import type { Logger } from '@trafficshare/observability';
import { CONFIG, LOGGER, Periodic, ServiceConsumers } from '@trafficshare/service-kit';

import type { AppConfig } from '../config';
import { ADMIN_TEXTS } from '../telegram/bot-texts';
import { adminChatOf } from '../telegram/bot.config';
import { BotRepository, type NewBotMessage } from '../telegram/bot.repository';
import { AdminAlertsRepository } from './admin-alerts.repository';

const MINUTE_MS = 60_000;
const usd = (micro: number): string => `$${(micro / 1_000_000).toFixed(2)}`;

/**
 * The admin chat (TELEGRAM_ADMIN_CHAT_ID) hears of: a price set (PriceUpdated), a payout failed
 * (PayoutFailed), a payout processing for longer than PAYOUT_STUCK_AFTER_MIN (tracked from
 * PayoutProcessing until PayoutCompleted / PayoutFailed — payout-svc publishes nothing for
 * "stuck", and its tables are its own), and a spike of denied STARTs (FilterDecided counted per
 * minute; at least FILTER_SPIKE_MIN_DENIED denials making FILTER_SPIKE_DENY_PERCENT % of a
 * FILTER_SPIKE_WINDOW_MIN window, reported once per window). Every message has a source key, so
 * a redelivered event or a second replica's check sends nothing twice.
 */
@Injectable()
export class AdminAlerts implements OnModuleInit, OnModuleDestroy {
  private readonly periodic: Periodic;

  constructor(
    consumers: ServiceConsumers,
    private readonly repo: AdminAlertsRepository,
    private readonly bot: BotRepository,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.periodic = new Periodic(
      () => this.check(new Date()),
      config.ADMIN_ALERT_CHECK_MS,
      (err) => logger.error({ err }, 'admin alert check failed; retrying'),
    );
    consumers.on('PriceUpdated', { durable: 'notify-admin-price' }, (e, tx) => this.price(tx, e));
    consumers.on('PayoutFailed', { durable: 'notify-admin-payout-failed' }, (e, tx) =>
      this.payoutFailed(tx, e),
    );
    consumers.on('PayoutProcessing', { durable: 'notify-admin-payout-processing' }, (e, tx) =>
      this.repo.payoutProcessing(
        tx,
        {
          withdrawId: e.message.withdrawId,
          telegramId: e.message.telegramId,
          amountUsdt: e.message.amountUsdt,
        },
        e.occurredAt,
      ),
    );
    consumers.on('PayoutCompleted', { durable: 'notify-admin-payout-completed' }, (e, tx) =>
      this.repo.payoutFinished(
        tx,
        {
          withdrawId: e.message.withdrawId,
          telegramId: e.message.telegramId,
          amountUsdt: e.message.amountUsdt,
        },
        e.occurredAt,
      ),
    );
    consumers.onBatch(
      'FilterDecided',
      { durable: 'notify-admin-filter', batch: { maxMessages: 500, maxWaitMs: 1_000 } },
      (events, tx) => this.decisions(tx, events),
    );
  }

  onModuleInit(): void {
    this.periodic.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.periodic.stop();
  }

  private get chat(): number {
    return adminChatOf(this.config);
  }

  private async send(
    m: EntityManager,
    messages: readonly Omit<NewBotMessage, 'chatId' | 'audience'>[],
  ): Promise<void> {
    if (this.chat === 0 || messages.length === 0) return;
    await this.bot.enqueue(
      m,
      messages.map((msg) => ({ ...msg, chatId: this.chat, audience: 'admin' as const })),
      new Date(),
    );
  }

  private price(tx: EntityManager, e: ConsumedEvent<'PriceUpdated'>): Promise<void> {
    const p = e.message;
    return this.send(tx, [
      {
        text: ADMIN_TEXTS.price(
          this.config.TELEGRAM_ADMIN_LANGUAGE,
          p.date,
          usd(p.pricePerGbMicroUsd),
          p.change,
          p.adminId,
          p.push,
        ),
        sourceKey: `admin:price:${p.date}:${p.updatedAt}`,
      },
    ]);
  }

  private async payoutFailed(tx: EntityManager, e: ConsumedEvent<'PayoutFailed'>): Promise<void> {
    const p = e.message;
    await this.repo.payoutFinished(
      tx,
      { withdrawId: p.withdrawId, telegramId: p.telegramId, amountUsdt: p.amountUsdt },
      e.occurredAt,
    );
    await this.send(tx, [
      {
        text: ADMIN_TEXTS.payoutFailed(this.config.TELEGRAM_ADMIN_LANGUAGE, {
          withdrawId: p.withdrawId,
          telegramId: p.telegramId,
          usdt: p.amountUsdt,
          reason: p.reason,
          refunded: p.refunded,
        }),
        sourceKey: `admin:payout-failed:${p.withdrawId}`,
      },
    ]);
  }

  private async decisions(
    tx: EntityManager,
    events: readonly ConsumedEvent<'FilterDecided'>[],
  ): Promise<void> {
    const perMinute = new Map<number, { decisions: number; denied: number }>();
    for (const e of events) {
      const at = new Date(e.message.decidedAt);
      const t = Number.isNaN(at.getTime()) ? e.occurredAt.getTime() : at.getTime();
      const minute = Math.floor(t / MINUTE_MS) * MINUTE_MS;
      const c = perMinute.get(minute) ?? { decisions: 0, denied: 0 };
      c.decisions += 1;
      if (e.message.decision === 'deny') c.denied += 1;
      perMinute.set(minute, c);
    }
    await this.repo.countDecisions(tx, perMinute);
  }

  /** The periodic checks: stuck payouts, then the filter's last complete window. */
  async check(now: Date): Promise<void> {
    const c = this.config;
    await this.repo.transaction(async (m) => {
      const stuck = await this.repo.claimStuck(
        m,
        new Date(now.getTime() - c.PAYOUT_STUCK_AFTER_MIN * MINUTE_MS),
        now,
      );
      await this.send(
        m,
        stuck.map((p) => ({
          text: ADMIN_TEXTS.payoutStuck(this.config.TELEGRAM_ADMIN_LANGUAGE, {
            withdrawId: p.withdrawId,
            telegramId: p.telegramId,
            usdt: p.amountUsdt,
            minutes: Math.floor((now.getTime() - p.processingSince.getTime()) / MINUTE_MS),
          }),
          sourceKey: `admin:payout-stuck:${p.withdrawId}`,
        })),
      );
    });
    // Fixed windows aligned to the epoch: the one that just ended is judged once.
    const windowMs = c.FILTER_SPIKE_WINDOW_MIN * MINUTE_MS;
    const to = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
    const from = new Date(to.getTime() - windowMs);
    const w = await this.repo.window(from, to);
    if (
      w.denied >= c.FILTER_SPIKE_MIN_DENIED &&
      w.denied * 100 >= w.decisions * c.FILTER_SPIKE_DENY_PERCENT
    )
      await this.repo.transaction((m) =>
        this.send(m, [
          {
            text: ADMIN_TEXTS.filterSpike(this.config.TELEGRAM_ADMIN_LANGUAGE, {
              from: from.toISOString().slice(0, 16).replace('T', ' '),
              to: to.toISOString().slice(11, 16),
              denied: w.denied,
              decisions: w.decisions,
            }),
            sourceKey: `admin:filter-spike:${from.toISOString()}`,
          },
        ]),
      );
    await this.repo.prune(new Date(from.getTime() - windowMs * 12));
  }
}
