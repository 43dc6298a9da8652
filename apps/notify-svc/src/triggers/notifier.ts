import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { isUserId, type UserId } from '@trafficshare/identity';

import {
  NotificationsRepository,
  type NewNotification,
} from '../notifications/notifications.repository';
import {
  RecipientsRepository,
  wants,
  type Category,
  type Profile,
} from '../recipients/recipients.repository';

const BROADCAST_PAGE = 1_000;

/** What a trigger builds for one user, from their profile (language first); undefined: nothing
 *  for this user. */
export type Build = (profile: Profile) => Omit<NewNotification, 'telegramId'> | undefined;

/**
 * Stores notifications for triggers, each in its owner's language and only for owners who want
 * its category (queued for the dispatcher, which pushes them unless push is off and publishes
 * them live). Runs in the trigger's transaction: a redelivered event adds nothing (its inbox
 * row, and each notification's source key).
 */
@Injectable()
export class Notifier {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly recipients: RecipientsRepository,
  ) {}

  /** One user; resolves with true when a notification was stored. */
  async one(tx: EntityManager, owner: number, category: Category, build: Build): Promise<boolean> {
    if (!isUserId(owner)) return false;
    const profile = (await this.recipients.profiles(tx, [owner])).get(owner)!;
    const built = wants(profile, category) ? build(profile) : undefined;
    if (!built) return false;
    return (await this.notifications.add(tx, [{ telegramId: owner, ...built }], new Date())) > 0;
  }

  /** Many users (each their own notification); resolves with how many were stored. */
  async many(
    tx: EntityManager,
    items: readonly { owner: number; build: Build }[],
    category: Category,
  ): Promise<number> {
    const owners = [...new Set(items.map((i) => i.owner))].filter(isUserId);
    const profiles = await this.recipients.profiles(tx, owners);
    const rows: NewNotification[] = [];
    for (const item of items) {
      const profile = isUserId(item.owner) ? profiles.get(item.owner) : undefined;
      const built = profile && wants(profile, category) ? item.build(profile) : undefined;
      if (built) rows.push({ telegramId: item.owner as UserId, ...built });
    }
    return this.notifications.add(tx, rows, new Date());
  }

  /** Every known user who wants the category, a page at a time. */
  async everyone(
    tx: EntityManager,
    category: Category,
    build: (profile: Profile, owner: UserId) => Omit<NewNotification, 'telegramId'>,
  ): Promise<number> {
    let added = 0;
    for (let after = 0; ;) {
      const page = await this.recipients.page(tx, after, BROADCAST_PAGE, category);
      if (page.length === 0) return added;
      added += await this.notifications.add(
        tx,
        page.map((r) => ({ telegramId: r.telegramId, ...build(r, r.telegramId) })),
        new Date(),
      );
      after = page[page.length - 1].telegramId;
    }
  }

  /** A coalesced notification (one per source key, its text replaced by the latest state). */
  async coalesced(
    tx: EntityManager,
    owner: number,
    category: Category,
    build: Build,
  ): Promise<boolean> {
    if (!isUserId(owner)) return false;
    const profile = (await this.recipients.profiles(tx, [owner])).get(owner)!;
    const built = wants(profile, category) ? build(profile) : undefined;
    if (!built) return false;
    return this.notifications.upsertCoalesced(tx, { telegramId: owner, ...built }, new Date());
  }
}
