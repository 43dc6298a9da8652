import { isIP } from 'node:net';

import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { auth } from '@trafficshare/contracts';
import { Transactions } from '@trafficshare/database';
import type { CallerInfo, UserId } from '@trafficshare/identity';
import type { Outbox } from '@trafficshare/messaging';
import type { LiveSubscription } from '@trafficshare/realtime';
import { OUTBOX } from '@trafficshare/service-kit';

import { AuditRepository } from '../common/audit.repository';
import { RedisSignals } from '../common/redis-signals';
import { UsersException } from '../users/users.exception';
import { UsersRepository } from '../users/users.repository';
import { EntitlementsException, EntitlementsErrorCode as Code } from './entitlements.exception';
import { EntitlementsRepository, type ActiveSubscription } from './entitlements.repository';

export interface SubscriptionSet {
  readonly subscriptions: auth.UserSubscription[];
  readonly version: number;
}

const MAX_DAYS = 3650;

/** Who makes a change: an admin (the caller), or the system (id 0: registration, expiry). */
type Actor = Pick<CallerInfo, 'ip'> & { readonly telegramId: UserId | 0 };

/** The actor of changes nobody asked for (expiry): admin id 0, as registration's history has. */
const SYSTEM: Actor = { telegramId: 0, ip: '' };

/** A subscription of the expiry sweep's work list. */
export interface DueSubscription {
  readonly id: string;
  readonly telegramId: UserId;
  readonly modelId: string;
}

/**
 * Entitlements: models granted to users, an integer subscription_version bumped
 * on every change (the fast check), a full history, and a live `subscription_update`.
 */
@Injectable()
export class EntitlementsService {
  constructor(
    private readonly tx: Transactions,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    private readonly repo: EntitlementsRepository,
    private readonly users: UsersRepository,
    private readonly signals: RedisSignals,
    private readonly audit: AuditRepository,
  ) {}

  /** Registration: every new user gets the free model (version stays 1). */
  async grantFree(m: EntityManager, user: UserId): Promise<void> {
    await this.repo.insert(m, user, { modelId: 'free', grantedBy: 0, expiryDate: null });
    await this.repo.addHistory(m, user, {
      adminId: 0,
      oldSubscriptions: null,
      newSubscriptions: ['free'],
      reason: 'registration',
      ipAddress: null,
    });
  }

  async mine(owner: UserId): Promise<SubscriptionSet> {
    const user = await this.users.findById(owner);
    if (!user) throw UsersException.notFound();
    return {
      subscriptions: (await this.repo.active(owner)).map(toProto),
      version: user.subscriptionVersion,
    };
  }

  /** Slow path of requireSubscription; refreshes the version key the fast path reads. */
  async check(owner: UserId): Promise<auth.CheckEntitlementsResponse> {
    const user = await this.users.findById(owner);
    if (!user) return { version: 0, modelIds: [], validUntil: '' };
    const active = await this.repo.active(owner);
    const expiries = active
      .map((a) => a.sub.expiryDate?.getTime())
      .filter((t): t is number => t !== undefined);
    await this.signals.setEntitlementVersion(owner, user.subscriptionVersion);
    return {
      version: user.subscriptionVersion,
      modelIds: active.map((a) => a.model.id),
      validUntil: expiries.length > 0 ? new Date(Math.min(...expiries)).toISOString() : '',
    };
  }

  async grant(
    caller: CallerInfo,
    owner: UserId,
    modelId: string,
    days: number,
    reason: string,
  ): Promise<SubscriptionSet> {
    if (!Number.isInteger(days) || days < 0 || days > MAX_DAYS) {
      throw new EntitlementsException(
        Code.InvalidDays,
        `days must be 0 (no expiry) to ${MAX_DAYS}`,
      );
    }
    const set = await this.change(caller, owner, modelId, reason, 'grant', async (m) => {
      const expiryDate = days > 0 ? new Date(Date.now() + days * 86_400_000) : null;
      const current = await this.repo.lockActive(m, owner, modelId);
      if (current)
        await this.repo.update(m, owner, current.id, { expiryDate, grantedBy: caller.telegramId });
      else await this.repo.insert(m, owner, { modelId, grantedBy: caller.telegramId, expiryDate });
      return true;
    });
    return set!;
  }

  async revoke(
    caller: CallerInfo,
    owner: UserId,
    modelId: string,
    reason: string,
  ): Promise<SubscriptionSet> {
    const set = await this.change(caller, owner, modelId, reason, 'revoke', async (m) => {
      const current = await this.repo.lockActive(m, owner, modelId);
      if (!current)
        throw new EntitlementsException(
          Code.SubscriptionNotFound,
          `The user has no ${modelId} subscription`,
        );
      await this.repo.update(m, owner, current.id, { isActive: false });
      return true;
    });
    return set!;
  }

  /** Active subscriptions whose expiry has passed, oldest first (the expiry sweep's work). */
  due(now: Date, limit: number): Promise<DueSubscription[]> {
    return this.repo.dueAll(now, limit);
  }

  /**
   * Switches off one subscription whose expiry has passed, like a revoke by the system (admin id
   * 0, reason "expired"): version bump, history, SubscriptionChanged (action expire) and a live
   * `subscription_update`. Reads already ignore an expired row; this makes the change visible.
   * The row is re-checked under the user's lock, so another replica's sweep or an admin's
   * extension in between leaves it alone (false).
   */
  async expire(row: DueSubscription, now = new Date()): Promise<boolean> {
    const set = await this.change(
      SYSTEM,
      row.telegramId,
      row.modelId,
      'expired',
      'expire',
      async (m) => {
        const current = await this.repo.lockActive(m, row.telegramId, row.modelId);
        if (current?.id !== row.id || !current.expiryDate || current.expiryDate > now) return false;
        await this.repo.update(m, row.telegramId, current.id, { isActive: false });
        return true;
      },
    );
    return set !== undefined;
  }

  async history(
    owner: UserId,
    limit: number,
    offset: number,
  ): Promise<auth.SubscriptionHistoryEntry[]> {
    const rows = await this.repo.history(owner, limit, offset);
    return rows.map((h) => ({
      id: h.id,
      adminId: h.adminId,
      oldSubscriptions: JSON.stringify(h.oldSubscriptions ?? []),
      newSubscriptions: JSON.stringify(h.newSubscriptions),
      reason: h.reason,
      ipAddress: h.ipAddress ?? '',
      createdAt: h.createdAt.toISOString(),
    }));
  }

  private async change(
    caller: Actor,
    telegramId: UserId,
    modelId: string,
    reason: string,
    action: 'grant' | 'revoke' | 'expire',
    /** Makes the change; false = nothing to change (the transaction then writes nothing). */
    apply: (m: EntityManager) => Promise<boolean>,
  ): Promise<SubscriptionSet | undefined> {
    const result = await this.tx.run(async (m) => {
      // The user's row lock serialises changes, so versions and history stay in order.
      const user = await this.users.lockById(m, telegramId);
      if (!user) throw UsersException.notFound();
      if (!(await this.repo.findModel(modelId, m)))
        throw new EntitlementsException(Code.ModelNotFound, `No subscription model "${modelId}"`);
      const before = (await this.repo.active(telegramId, m)).map((a) => a.model.id);
      // Reads stop counting a subscription at its expiry; until this change the user held it.
      if (action === 'expire' && !before.includes(modelId)) before.push(modelId);
      if (!(await apply(m))) return undefined;
      const active = await this.repo.active(telegramId, m);
      const after = active.map((a) => a.model.id);
      const version = await this.users.bumpSubscriptionVersion(m, telegramId);
      await this.repo.addHistory(m, telegramId, {
        adminId: caller.telegramId,
        oldSubscriptions: before,
        newSubscriptions: after,
        reason: reason.slice(0, 500),
        ipAddress: isIP(caller.ip) ? caller.ip : null,
      });
      await this.audit.add(
        {
          actorId: caller.telegramId,
          targetId: telegramId,
          action: `${caller === SYSTEM ? 'system' : 'admin'}.subscription.${action}`,
          details: { model_id: modelId, reason },
          ip: caller.ip,
        },
        m,
      );
      await this.outbox.add(m, 'SubscriptionChanged', {
        telegramId,
        version,
        modelIds: after,
        action,
        modelId,
        adminId: caller.telegramId,
        at: new Date().toISOString(),
      });
      return { subscriptions: active.map(toProto), version };
    });
    if (!result) return undefined;
    await this.signals.setEntitlementVersion(telegramId, result.version);
    await this.signals.publishLive(telegramId, {
      type: 'subscription_update',
      data: {
        action,
        model_id: modelId,
        version: result.version,
        subscriptions: result.subscriptions.map(toJson),
      },
    });
    return result;
  }
}

function toProto(a: ActiveSubscription): auth.UserSubscription {
  return {
    model: {
      id: a.model.id,
      name: a.model.name,
      isFree: a.model.isFree,
      isPremium: a.model.isPremium,
      color: a.model.color,
      description: a.model.description,
    },
    grantedBy: a.sub.grantedBy,
    grantedAt: a.sub.createdAt.toISOString(),
    expiryDate: a.sub.expiryDate?.toISOString() ?? '',
  };
}

/** The JSON shape clients see (same as GET /api/auth/my-subscriptions). */
export function toJson(s: auth.UserSubscription): LiveSubscription {
  return {
    model_id: s.model?.id ?? '',
    name: s.model?.name ?? '',
    is_free: s.model?.isFree ?? false,
    is_premium: s.model?.isPremium ?? false,
    color: s.model?.color ?? '',
    granted_by: s.grantedBy,
    granted_at: s.grantedAt,
    expiry_date: s.expiryDate || null,
  };
}
