import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

import type { ledger } from '@trafficshare/contracts';
import { requireRole, type CallerInfo } from '@trafficshare/identity';
import type { Logger } from '@trafficshare/observability';
import { publishLive } from '@trafficshare/realtime';
import { CONFIG, LOGGER, REDIS } from '@trafficshare/service-kit';

import { AccountsRepository } from '../accounts/accounts.repository';
import { LedgerTransactions } from '../common/ledger-transactions';
import { microToNumber } from '../common/money';
import { page } from '../common/page';
import type { AppConfig } from '../config';
import { LedgerAuditRepository } from '../ledger-admin/ledger-audit.repository';
import { balanceProto } from '../transfers/transfer.presenter';
import { TransfersService } from '../transfers/transfers.service';
import { PromoErrorCode, PromoException } from './promo.exception';
import { PromoRepository, type PromoRow } from './promo.repository';

const CODE = /^[A-Z0-9_-]{3,64}$/;

export function promoProto(p: PromoRow): ledger.PromoCode {
  return {
    code: p.code,
    bonusBasisPoints: p.bonusBasisPoints,
    expiresAt: p.expiresAt ? p.expiresAt.toISOString() : '',
    isActive: p.isActive,
    maxBonusMicroUsd: p.maxBonus ?? 0,
    activations: p.activations,
    createdAt: p.createdAt.toISOString(),
  };
}

function normalize(code: string): string {
  const c = code.trim().toUpperCase();
  if (!CODE.test(c))
    throw new PromoException(
      PromoErrorCode.InvalidCode,
      'A promo code is 3-64 characters: A-Z, 0-9, _ or -',
    );
  return c;
}

/**
 * Promo codes. A code carries a `bonus_percent`; the bonus is bonus_percent of the user's available
 * balance at activation (rounded down to the micro-USD, capped by the code's optional
 * max_bonus), credited from the promo expense account. A user with nothing to apply it to is
 * refused without spending the code (`promo_no_balance`).
 */
@Injectable()
export class PromoService {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly tx: LedgerTransactions,
    private readonly promos: PromoRepository,
    private readonly accounts: AccountsRepository,
    private readonly transfers: TransfersService,
    private readonly audit: LedgerAuditRepository,
  ) {}

  async create(caller: CallerInfo, r: ledger.CreatePromoCodeRequest): Promise<ledger.PromoCode> {
    requireRole(caller, 'superadmin');
    const code = normalize(r.code);
    if (
      !Number.isInteger(r.bonusBasisPoints) ||
      r.bonusBasisPoints < 1 ||
      r.bonusBasisPoints > 10_000
    ) {
      throw new PromoException(
        PromoErrorCode.InvalidBonus,
        'bonus_percent must be above 0 and at most 100',
      );
    }
    const expiresAt = r.expiresAt ? new Date(r.expiresAt) : null;
    if (expiresAt && Number.isNaN(expiresAt.getTime()))
      throw new PromoException(PromoErrorCode.InvalidExpiry, 'expires_at must be an ISO-8601 time');
    if (!Number.isSafeInteger(r.maxBonusMicroUsd) || r.maxBonusMicroUsd < 0) {
      throw new PromoException(PromoErrorCode.InvalidBonus, 'max_bonus_usd must not be negative');
    }
    return this.tx.run(async ({ manager: m }) => {
      const row = await this.promos.create(m, {
        code,
        bonusBasisPoints: r.bonusBasisPoints,
        maxBonus: r.maxBonusMicroUsd || null,
        expiresAt,
        by: caller.telegramId,
      });
      if (!row)
        throw new PromoException(PromoErrorCode.Exists, `Promo code ${code} already exists`);
      await this.audit.add(m, {
        actorId: caller.telegramId,
        targetId: 0,
        target: `promo:${code}`,
        action: 'promo.create',
        details: {
          code,
          bonus_basis_points: row.bonusBasisPoints,
          max_bonus_micro_usd: row.maxBonus ?? 0,
          expires_at: row.expiresAt ? row.expiresAt.toISOString() : null,
        },
        ip: caller.ip,
      });
      return promoProto(row);
    });
  }

  /** Active codes for everyone; inactive and expired ones too for superadmins. */
  async list(caller: CallerInfo, r: ledger.ListPromoCodesRequest): Promise<ledger.PromoCode[]> {
    if (r.includeInactive) requireRole(caller, 'superadmin');
    const p = page(r.limit, r.offset, 100, 50);
    return (await this.promos.list(r.includeInactive, p)).map(promoProto);
  }

  async deactivate(caller: CallerInfo, rawCode: string): Promise<ledger.PromoCode> {
    requireRole(caller, 'superadmin');
    const code = normalize(rawCode);
    return this.tx.run(async ({ manager: m }) => {
      const row = await this.promos.deactivate(m, code);
      if (!row) throw new PromoException(PromoErrorCode.NotFound, `No promo code ${code}`);
      await this.audit.add(m, {
        actorId: caller.telegramId,
        targetId: 0,
        target: `promo:${code}`,
        action: 'promo.deactivate',
        details: { code },
        ip: caller.ip,
      });
      return promoProto(row);
    });
  }

  async activate(
    caller: CallerInfo,
    rawCode: string,
    now = new Date(),
  ): Promise<ledger.ActivatePromoCodeResponse> {
    const code = normalize(rawCode);
    const user = caller.telegramId;
    return this.tx.run(async (t) => {
      const m = t.manager;
      const promo = await this.promos.findForActivation(m, code);
      if (!promo) throw new PromoException(PromoErrorCode.NotFound, `No promo code ${code}`);
      if (!promo.isActive)
        throw new PromoException(PromoErrorCode.Inactive, `Promo code ${code} is no longer active`);
      if (promo.expiresAt && promo.expiresAt.getTime() <= now.getTime()) {
        throw new PromoException(PromoErrorCode.Expired, `Promo code ${code} expired`, {
          expires_at: promo.expiresAt.toISOString(),
        });
      }
      if (await this.promos.activated(m, user, promo.id)) {
        throw new PromoException(PromoErrorCode.AlreadyActivated, `You already activated ${code}`);
      }
      const accounts = await this.accounts.userAccount(m, user);
      const base = await this.promos.lockAvailable(m, accounts.available);
      let bonus = Math.floor((base * promo.bonusBasisPoints) / 10_000);
      if (promo.maxBonus !== null) bonus = Math.min(bonus, promo.maxBonus);
      if (bonus <= 0) {
        throw new PromoException(
          PromoErrorCode.NoBalance,
          `The bonus is ${promo.bonusBasisPoints / 100}% of your balance: earn some first, then activate ${code}`,
        );
      }
      const transferId = `promo:${promo.id}:${user}`;
      if (
        !(await this.promos.recordActivation(m, user, {
          promoId: promo.id,
          transferId,
          base,
          bonus,
        }))
      ) {
        throw new PromoException(PromoErrorCode.AlreadyActivated, `You already activated ${code}`);
      }
      const outcome = await this.transfers.creditIn(t, {
        transferId,
        telegramId: user,
        amount: bonus,
        kind: 'bonus',
        reference: code,
        note: `Promo ${code}: +${promo.bonusBasisPoints / 100}%`,
      });
      t.afterCommit(() => {
        publishLive(this.redis, this.config.REDIS_KEY_PREFIX, user, {
          type: 'balance_update',
          data: {
            balance_usd: microToNumber(outcome.balance.available),
            delta_usd: microToNumber(bonus),
            reason: 'bonus',
            transfer_id: transferId,
          },
        }).catch((err: unknown) =>
          this.logger.warn({ err: String(err) }, 'balance_update publish failed'),
        );
      });
      return {
        code,
        bonusMicroUsd: bonus,
        baseMicroUsd: base,
        transferId,
        balance: balanceProto(user, outcome.balance),
      };
    });
  }
}
