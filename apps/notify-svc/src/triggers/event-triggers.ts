import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { ConsumedEvent } from '@trafficshare/messaging';
import { isUserId } from '@trafficshare/identity';
import { ServiceConsumers } from '@trafficshare/service-kit';

import { CATALOGUE } from '../common/catalogue';
import { RecipientsRepository } from '../recipients/recipients.repository';
import { Notifier } from './notifier';
import { TriggerStore } from './trigger-store';

/** `income:<user>:<UTC hour>`: at most one earnings notification per user per hour (a phone
 *  that shares is credited every few seconds; the dashboard shows the rest live). */
export const incomeKey = (telegramId: number, at: Date): string =>
  `income:${telegramId}:${at.toISOString().slice(0, 13)}`;

/**
 * What auth-svc's and ledger-svc's events turn into: the user's language and notification
 * settings, earnings credited (also summed per day for the earnings reports), the daily price
 * (when the admin asked for a push), logins from a new IP or device. Each notification has a
 * source key, so a redelivered event adds nothing; the inbox of each durable makes
 * redeliveries harmless too.
 */
@Injectable()
export class EventTriggers {
  constructor(
    consumers: ServiceConsumers,
    private readonly notifier: Notifier,
    private readonly recipients: RecipientsRepository,
    private readonly store: TriggerStore,
  ) {
    consumers.on('UserRegistered', { durable: 'notify-users-registered' }, (e, tx) =>
      this.language(tx, e.message.telegramId, e.message.language, e.occurredAt),
    );
    consumers.on('UserUpdated', { durable: 'notify-users-updated' }, (e, tx) =>
      e.message.language
        ? this.language(tx, e.message.telegramId, e.message.language, e.occurredAt)
        : Promise.resolve(),
    );
    consumers.on('NotificationSettingsChanged', { durable: 'notify-settings' }, (e, tx) =>
      this.settings(tx, e),
    );
    consumers.onBatch(
      'IncomesCredited',
      { durable: 'notify-income', batch: { maxMessages: 200, maxWaitMs: 1_000 } },
      (events, tx) => this.income(tx, events),
    );
    consumers.on('PriceUpdated', { durable: 'notify-price' }, (e, tx) => this.price(tx, e));
    consumers.on('NewLoginDetected', { durable: 'notify-new-login' }, (e, tx) =>
      this.newLogin(tx, e),
    );
    consumers.on('TokenUsedFromNewIp', { durable: 'notify-token-new-ip' }, (e, tx) =>
      this.tokenNewIp(tx, e),
    );
  }

  private async language(tx: EntityManager, id: number, language: string, at: Date): Promise<void> {
    if (isUserId(id)) await this.recipients.setLanguage(tx, id, language, at);
  }

  private async settings(
    tx: EntityManager,
    e: ConsumedEvent<'NotificationSettingsChanged'>,
  ): Promise<void> {
    const m = e.message;
    if (!isUserId(m.telegramId)) return;
    await this.recipients.setSettings(
      tx,
      m.telegramId,
      { push: m.pushNotifications, session: m.sessionUpdates, system: m.systemUpdates },
      validDate(m.updatedAt) ?? e.occurredAt,
    );
  }

  private async income(
    tx: EntityManager,
    events: readonly ConsumedEvent<'IncomesCredited'>[],
  ): Promise<void> {
    const credits = events
      .flatMap((e) =>
        e.message.credits.map((c) => ({
          ...c,
          at: validDate(c.creditedAt) ?? e.occurredAt,
          occurredAt: e.occurredAt,
        })),
      )
      .filter((c) => isUserId(c.telegramId));
    await this.store.addEarnings(
      tx,
      credits.map((c) => ({
        telegramId: c.telegramId as never,
        day: c.at.toISOString().slice(0, 10),
        amount: c.amountMicroUsd,
        milliMb: c.milliMb,
      })),
    );
    await this.notifier.many(
      tx,
      credits.map((c) => ({
        owner: c.telegramId,
        build: (p) => ({
          type: 'income',
          ...CATALOGUE.income(p.language, c.amountMicroUsd, c.milliMb, c.balanceMicroUsd),
          data: { type: 'income', transfer_id: c.transferId },
          sourceKey: incomeKey(c.telegramId, c.at),
          eventAt: c.occurredAt,
        }),
      })),
      'session',
    );
  }

  private async price(tx: EntityManager, e: ConsumedEvent<'PriceUpdated'>): Promise<void> {
    const m = e.message;
    if (!m.push) return;
    await this.notifier.everyone(tx, 'system', (p, owner) => ({
      type: 'price',
      ...CATALOGUE.price(p.language, m.pricePerGbMicroUsd, m.change, m.message),
      data: { type: 'price', date: m.date },
      sourceKey: `price:${m.date}:${m.updatedAt}:${owner}`,
      eventAt: e.occurredAt,
    }));
  }

  private async newLogin(tx: EntityManager, e: ConsumedEvent<'NewLoginDetected'>): Promise<void> {
    const m = e.message;
    const where = [m.city, m.country].filter(Boolean).join(', ') || maskIp(m.ip);
    await this.notifier.one(tx, m.telegramId, 'account', (p) => ({
      type: 'security',
      ...CATALOGUE.newLogin(p.language, where, m.device || 'unknown device'),
      data: { type: 'security', session_id: m.sessionId },
      sourceKey: `login:${m.sessionId}`,
      eventAt: e.occurredAt,
    }));
  }

  private async tokenNewIp(
    tx: EntityManager,
    e: ConsumedEvent<'TokenUsedFromNewIp'>,
  ): Promise<void> {
    const m = e.message;
    await this.notifier.one(tx, m.telegramId, 'account', (p) => ({
      type: 'security',
      ...CATALOGUE.tokenNewIp(p.language, maskIp(m.ip)),
      data: { type: 'security', session_id: m.sessionId },
      sourceKey: `token-ip:${m.sessionId}:${m.ip}`,
      eventAt: e.occurredAt,
    }));
  }
}

export function validDate(value: string): Date | undefined {
  const d = new Date(value);
  return value && !Number.isNaN(d.getTime()) ? d : undefined;
}

/** Logs and pushes never carry a full IP: 203.0.113.x. */
function maskIp(ip: string): string {
  if (ip.includes(':')) return `${ip.split(':').slice(0, 3).join(':')}::…`;
  const parts = ip.split('.');
  return parts.length === 4 ? `${parts.slice(0, 3).join('.')}.x` : 'an unknown place';
}
