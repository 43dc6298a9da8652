import { createHash, randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { Outbox } from '@trafficshare/messaging';
import { assertSelfOrAdmin, isAdmin, type CallerInfo, type UserId } from '@trafficshare/identity';
import { CONFIG, OUTBOX } from '@trafficshare/service-kit';

import { isValidAddress } from '../common/address';
import { KeyedMutex } from '../common/keyed-mutex';
import { AuthClient, LedgerClient } from '../common/clients.module';
import { applyRate, formatMicro, hasTooManyDecimals, parseMicro, percentOf } from '../common/money';
import type { AppConfig } from '../config';
import { PayoutMetrics } from '../common/payout.metrics';
import { UserFactsRepository } from '../users/user-facts.repository';
import { RiskRepository } from './risk.repository';
import { riskScore, type RiskResult } from './risk-score';
import { remoteCodeOf, WithdrawErrorCode, WithdrawException } from './withdraw.exception';
import {
  WithdrawRepository,
  type Page,
  type WithdrawRow,
  type WithdrawStatus,
} from './withdraw.repository';

export interface WithdrawInput {
  readonly amountUsd: string;
  readonly walletAddress: string;
  readonly network: string;
  readonly idempotencyKey: string;
  readonly twoFactorCode: string;
  readonly telegramId: number;
}

export interface Accepted {
  readonly withdraw: WithdrawRow;
  readonly acceptedStatus: string;
  readonly message: string;
  readonly replayed: boolean;
}

const KEY = /^[\x21-\x7e]{1,255}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MESSAGES: Record<string, string> = {
  pending: 'Withdraw request queued and will be processed shortly.',
  pending_manual_review: 'Withdraw request received; it will be sent after a manual review.',
};
const KEY_WAIT_MS = 10_000;

type Begun =
  | { kind: 'created'; row: WithdrawRow }
  | { kind: 'replay'; withdrawId: string; response: { status: string; message: string } }
  | { kind: 'wait'; withdrawId: string };

/**
 * Withdrawal requests: checks in the contract's order, then reserve-first. The row is written
 * (`reserving`) in one transaction with the idempotency key, the amount is held in the ledger
 * (transfer id = the row's hold id, so a retry cannot hold twice), and the row becomes
 * `pending` (or `pending_manual_review`) with its PayoutRequested event. A crash between the
 * steps leaves a `reserving` row the worker resolves (hold again: same id, same result).
 */
@Injectable()
export class WithdrawService {
  private readonly userLock = new KeyedMutex();

  constructor(
    private readonly repo: WithdrawRepository,
    private readonly risk: RiskRepository,
    private readonly facts: UserFactsRepository,
    private readonly ledger: LedgerClient,
    private readonly auth: AuthClient,
    private readonly metrics: PayoutMetrics,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(OUTBOX) private readonly outbox: Outbox,
  ) {}

  async request(caller: CallerInfo, input: WithdrawInput): Promise<Accepted> {
    if (input.telegramId !== 0 && input.telegramId !== caller.telegramId) {
      throw new WithdrawException(
        WithdrawErrorCode.TelegramIdMismatch,
        'telegram_id must be your own',
      );
    }
    const amount = this.validate(input);
    const key = input.idempotencyKey;
    if (key !== '' && !KEY.test(key)) {
      throw new WithdrawException(
        WithdrawErrorCode.InvalidIdempotencyKey,
        'idempotency_key must be 1-255 printable ASCII characters',
      );
    }
    const hash = createHash('sha256')
      .update(JSON.stringify([amount, input.walletAddress, input.network.toUpperCase()]))
      .digest('hex');

    for (let attempt = 0; attempt < 3; attempt += 1) {
      const begun = await this.userLock.run(String(caller.telegramId), () =>
        this.begin(caller, input, amount, key, hash),
      );
      if (begun.kind === 'created') return this.reserve(begun.row);
      if (begun.kind === 'replay')
        return this.replay(caller.telegramId, begun.withdrawId, begun.response);
      const answered = await this.waitForAnswer(caller.telegramId, key);
      if (answered) return this.replay(caller.telegramId, answered.withdrawId, answered.response);
      // The first request was refused (its key is gone): this one runs the checks itself.
    }
    throw new WithdrawException(
      WithdrawErrorCode.IdempotencyInProgress,
      'A request with this idempotency key is still being processed; retry shortly',
    );
  }

  private validate(input: WithdrawInput): number {
    if (!isValidAddress(input.walletAddress)) {
      throw new WithdrawException(
        WithdrawErrorCode.InvalidAddress,
        'wallet_address must be 0x + 40 hex characters (mixed case must match its EIP-55 checksum)',
      );
    }
    if (input.network.toUpperCase() !== 'BEP20') {
      throw new WithdrawException(WithdrawErrorCode.UnsupportedNetwork, 'Only BEP20 is supported');
    }
    if (hasTooManyDecimals(input.amountUsd)) {
      throw new WithdrawException(
        WithdrawErrorCode.InvalidAmount,
        'amount_usd has at most 6 decimals',
      );
    }
    const amount = parseMicro(input.amountUsd);
    if (amount === undefined) {
      throw new WithdrawException(
        WithdrawErrorCode.InvalidAmount,
        'amount_usd must be a positive number',
      );
    }
    const min = parseMicro(this.config.MIN_WITHDRAW_USD)!;
    const max = parseMicro(this.config.MAX_WITHDRAW_USD)!;
    if (amount < min) {
      throw new WithdrawException(
        WithdrawErrorCode.BelowMinimum,
        `The minimum withdrawal is $${this.config.MIN_WITHDRAW_USD}`,
        { min_usd: Number(this.config.MIN_WITHDRAW_USD) },
      );
    }
    if (amount > max) {
      throw new WithdrawException(
        WithdrawErrorCode.AboveMaximum,
        `The maximum withdrawal is $${this.config.MAX_WITHDRAW_USD}`,
        { max_usd: Number(this.config.MAX_WITHDRAW_USD) },
      );
    }
    return amount;
  }

  /** Key, rate limits, 2FA (between two transactions), risk and the `reserving` row, under the user's lock. */
  private async begin(
    caller: CallerInfo,
    input: WithdrawInput,
    amount: number,
    key: string,
    hash: string,
  ): Promise<Begun> {
    const owner = caller.telegramId;
    // The balance for the risk score is read under the user's lock but before the transaction
    // opens (no pooled connection held across the call); the hold decides, this only weighs.
    const available = await this.ledger.rpc.getBalance({ telegramId: owner }).then(
      (b) => b.balance?.availableMicroUsd,
      () => undefined,
    );
    // Idempotency and rate limits first in a short transaction; then the 2FA call to auth-svc
    // with no pooled connection or transaction held; then the main transaction re-checks both
    // under the user's row lock (another replica may have answered the key meanwhile).
    const early = await this.repo.tx(async (m) => this.keyAndLimits(m, owner, key, hash));
    if (early) return early;
    await this.checkTwoFactor(owner, input.twoFactorCode);
    return this.repo.tx(async (m): Promise<Begun> => {
      const again = await this.keyAndLimits(m, owner, key, hash);
      if (again) return again;
      const facts = await this.facts.get(m, owner);
      const risk = await this.score(
        m,
        caller,
        input.walletAddress,
        amount,
        facts.registeredAt,
        available,
      );

      const fee = Math.min(
        amount,
        parseMicro(this.config.PAYOUT_FEE_FIXED_USD)! +
          percentOf(amount, this.config.PAYOUT_FEE_PERCENT),
      );
      const rate = this.config.USD_TO_USDT_RATE;
      const id = randomUUID();
      await this.repo.insert(
        m,
        {
          id,
          telegramId: owner,
          amountMicroUsd: amount,
          feeMicroUsd: fee,
          usdToUsdtRate: rate,
          amountMicroUsdt: applyRate(amount, rate),
          netMicroUsdt: applyRate(amount - fee, rate),
          walletAddress: input.walletAddress,
          network: 'BEP20',
          holdId: `withdraw:${id}`,
          // The sandbox speaks NowPayments' API too.
          provider: 'nowpayments',
          riskScore: risk.score,
          riskFactors: risk.factors,
          // Premium subscribers' manual reviews are queued first.
          reviewPriority: facts.premium ? 1 : 0,
          clientIp: caller.ip,
          clientAgent: caller.userAgent,
        },
        this.config.RESERVE_RECOVERY_S,
      );
      if (key !== '')
        await this.repo.insertKey(m, owner, key, hash, id, this.config.IDEMPOTENCY_TTL);
      const row = await this.repo.find(m, id);
      return { kind: 'created', row: row! };
    });
  }

  /**
   * Under the user's row lock: an answered key replays, an unanswered one waits, a key used with
   * another body conflicts; otherwise the rate limits apply. `undefined` means go on.
   */
  private async keyAndLimits(
    m: EntityManager,
    owner: UserId,
    key: string,
    hash: string,
  ): Promise<Begun | undefined> {
    await this.repo.lockUser(m, owner);
    if (key !== '') {
      const existing = await this.repo.findKey(m, owner, key);
      if (existing?.expired) {
        await this.repo.deleteKey(m, owner, key);
      } else if (existing) {
        if (existing.requestHash !== hash) {
          throw new WithdrawException(
            WithdrawErrorCode.IdempotencyConflict,
            'This idempotency key was used with another request body',
          );
        }
        return existing.response
          ? { kind: 'replay', withdrawId: existing.withdrawId, response: existing.response }
          : { kind: 'wait', withdrawId: existing.withdrawId };
      }
    }
    await this.checkRateLimits(m, owner);
    return undefined;
  }

  private async checkRateLimits(m: EntityManager, owner: UserId): Promise<void> {
    const minute = await this.repo.countSince(m, owner, 60);
    if (minute.n >= this.config.WITHDRAW_RATE_LIMIT_PER_MIN) {
      this.rateLimited(Math.max(1, Math.ceil(60 - minute.oldestAgeS)), 'per minute');
    }
    const day = await this.repo.countSince(m, owner, 86_400);
    if (day.n >= this.config.DAILY_WITHDRAW_LIMIT) {
      this.rateLimited(Math.max(1, Math.ceil(86_400 - day.oldestAgeS)), 'per day');
    }
  }

  private rateLimited(retryAfterS: number, what: string): never {
    this.metrics.rejected.inc({ code: WithdrawErrorCode.RateLimit });
    throw new WithdrawException(
      WithdrawErrorCode.RateLimit,
      `Too many withdrawal requests ${what}; retry in ${retryAfterS} s`,
      { retry_after_s: retryAfterS },
    );
  }

  private async checkTwoFactor(owner: UserId, code: string): Promise<void> {
    let res;
    try {
      res = await this.auth.rpc.checkTwoFactorCode({ telegramId: owner, code });
    } catch {
      // Fail closed: a withdrawal never skips 2FA because auth-svc did not answer.
      throw new WithdrawException(
        WithdrawErrorCode.AuthUnavailable,
        'Two-factor check unavailable; retry shortly',
      );
    }
    if (!res.required) return;
    if (code === '') {
      throw new WithdrawException(
        WithdrawErrorCode.TwoFactorRequired,
        'Two-factor authentication is on: send two_factor_code',
      );
    }
    if (!res.valid) {
      throw new WithdrawException(
        WithdrawErrorCode.InvalidTwoFactorCode,
        'The two-factor code is not valid',
      );
    }
  }

  private async score(
    m: EntityManager,
    caller: CallerInfo,
    address: string,
    amount: number,
    registeredAt: Date | undefined,
    available: number | undefined,
  ): Promise<RiskResult> {
    const history = await this.risk.history(
      m,
      caller.telegramId,
      caller.ip,
      caller.userAgent,
      address,
    );
    return riskScore({
      history,
      amountMicroUsd: amount,
      availableMicroUsd: available,
      accountAgeDays:
        registeredAt === undefined ? undefined : (Date.now() - registeredAt.getTime()) / 86_400_000,
      newAccountDays: this.config.RISK_NEW_ACCOUNT_DAYS,
    });
  }

  /** Holds a `reserving` row's amount and queues it (an admin retry's new row). */
  async holdAndQueue(id: string): Promise<Accepted> {
    const row = await this.repo.findAny(id);
    if (!row) throw new WithdrawException(WithdrawErrorCode.WithdrawNotFound, 'No such withdrawal');
    return this.reserve(row);
  }

  /** Holds the amount; the row becomes pending (or pending_manual_review), or goes when refused. */
  private async reserve(row: WithdrawRow): Promise<Accepted> {
    try {
      await this.ledger.rpc.hold({
        transferId: row.holdId,
        telegramId: row.telegramId,
        amountMicroUsd: row.amountMicroUsd,
        reference: row.id,
        note: `Withdraw ${formatMicro(row.netMicroUsdt)} USDT to ${row.walletAddress}`,
      });
    } catch (err) {
      if (remoteCodeOf(err) === 'insufficient_balance') {
        await this.repo.tx((m) => this.repo.deleteReserving(m, row.id));
        this.metrics.rejected.inc({ code: WithdrawErrorCode.InsufficientBalance });
        throw new WithdrawException(
          WithdrawErrorCode.InsufficientBalance,
          'The balance does not cover this amount',
        );
      }
      // Outcome unknown: the row stays `reserving` and the worker settles it (same hold id).
      throw new WithdrawException(
        WithdrawErrorCode.LedgerUnavailable,
        'The balance could not be reserved right now; the request is kept and will be retried',
        { withdraw_id: row.id },
      );
    }
    const done = await this.completeReservation(row.id);
    return {
      withdraw: done,
      acceptedStatus: done.status,
      message: MESSAGES[done.status] ?? '',
      replayed: false,
    };
  }

  /** reserving → pending | pending_manual_review, with the stored answer and the event (idempotent). */
  async completeReservation(id: string): Promise<WithdrawRow> {
    return this.repo.tx(async (m) => {
      const current = await this.repo.find(m, id, true);
      if (!current)
        throw new WithdrawException(WithdrawErrorCode.WithdrawNotFound, 'No such withdrawal');
      if (current.status !== 'reserving') return current;
      const to: WithdrawStatus =
        current.riskScore >= this.config.RISK_REVIEW_THRESHOLD
          ? 'pending_manual_review'
          : 'pending';
      const row = (await this.repo.transition(m, id, ['reserving'], to, {
        reserved: true,
        nextAttemptInS: 0,
      }))!;
      await this.repo.setKeyResponse(m, id, to, MESSAGES[to]);
      await this.outbox.add(
        m,
        'PayoutRequested',
        {
          withdrawId: row.id,
          telegramId: row.telegramId,
          amountMicroUsd: row.amountMicroUsd,
          amountUsdt: formatMicro(row.netMicroUsdt),
          network: row.network,
          walletAddress: row.walletAddress,
          status: to,
          requestedAt: row.createdAt.toISOString(),
        },
        { eventId: uuidFor(row.id, 'requested') },
      );
      this.metrics.requested.inc({ status: to });
      return row;
    });
  }

  private async replay(
    owner: UserId,
    withdrawId: string,
    response: { status: string; message: string },
  ): Promise<Accepted> {
    const row = await this.repo.findForOwner(owner, withdrawId);
    if (!row) throw new WithdrawException(WithdrawErrorCode.WithdrawNotFound, 'No such withdrawal');
    return {
      withdraw: row,
      acceptedStatus: response.status,
      message: response.message,
      replayed: true,
    };
  }

  /** A concurrent request with the same key: wait for its answer (or for its refusal). */
  private async waitForAnswer(
    owner: UserId,
    key: string,
  ): Promise<{ withdrawId: string; response: { status: string; message: string } } | undefined> {
    const until = Date.now() + KEY_WAIT_MS;
    while (Date.now() < until) {
      const k = await this.repo.findKey(this.repo.manager(), owner, key);
      if (!k) return undefined;
      if (k.response) return { withdrawId: k.withdrawId, response: k.response };
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new WithdrawException(
      WithdrawErrorCode.IdempotencyInProgress,
      'A request with this idempotency key is still being processed; retry shortly',
    );
  }

  async list(
    caller: CallerInfo,
    owner: UserId,
    page: Page,
  ): Promise<{ rows: WithdrawRow[]; total: number }> {
    assertSelfOrAdmin(caller, owner);
    return this.repo.listForOwner(owner, page);
  }

  async get(caller: CallerInfo, id: string): Promise<WithdrawRow> {
    if (!UUID.test(id))
      throw new WithdrawException(
        WithdrawErrorCode.InvalidWithdrawId,
        'withdraw_id must be a uuid',
      );
    const row = await this.repo.findAny(id);
    // Someone else's withdrawal is "not found" to a user (no probing of ids), reachable to admins.
    if (!row || (row.telegramId !== caller.telegramId && !isAdmin(caller))) {
      throw new WithdrawException(WithdrawErrorCode.WithdrawNotFound, 'No such withdrawal');
    }
    return row;
  }
}

/** A stable event id per (withdrawal, step): a retried step adds no second event. */
export function uuidFor(id: string, step: string): string {
  const h = createHash('sha256').update(`${id}:${step}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
