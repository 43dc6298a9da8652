import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { Transactions } from '@trafficshare/database';
import type { CallerInfo, UserId } from '@trafficshare/identity';
import { CONFIG, REDIS } from '@trafficshare/service-kit';

import { AuditRepository } from '../common/audit.repository';
import type { AppConfig } from '../config';
import { SecretBox } from './secret-box';
import { TwoFactorException, TwoFactorErrorCode as Code } from './two-factor.exception';
import { TwoFactorRepository } from './two-factor.repository';
import { base32Encode, newSecret, otpauthUri, verifyTotp } from './totp';

const MAX_FAILURES = 5;
const FAILURE_WINDOW_S = 300;

export interface CodeCheck {
  /** False when the user has no 2FA: nothing to check. */
  readonly required: boolean;
  readonly valid: boolean;
}

/** TOTP two-factor: enrol, verify (enables), disable, and code checks for critical actions. */
@Injectable()
export class TwoFactorService {
  private readonly box: SecretBox;

  constructor(
    private readonly tx: Transactions,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly repo: TwoFactorRepository,
    private readonly audit: AuditRepository,
  ) {
    this.box = new SecretBox(config.TOTP_ENCRYPTION_KEY);
  }

  isEnabled(owner: UserId): Promise<boolean> {
    return this.repo.isEnabled(owner);
  }

  /** The secret is returned here once, before it is enabled; never after. */
  async enroll(
    caller: CallerInfo,
    account: string,
  ): Promise<{ secret: string; otpauthUri: string }> {
    const secret = newSecret();
    await this.tx.run(async (m) => {
      const current = await this.repo.lock(m, caller.telegramId);
      if (current?.enabled)
        throw new TwoFactorException(
          Code.AlreadyEnabled,
          'Two-factor authentication is already on',
        );
      await this.repo.savePending(
        m,
        caller.telegramId,
        this.box.seal(secret, String(caller.telegramId)),
      );
      await this.audit.add(
        {
          actorId: caller.telegramId,
          targetId: caller.telegramId,
          action: '2fa.enroll',
          ip: caller.ip,
        },
        m,
      );
    });
    const encoded = base32Encode(secret);
    return { secret: encoded, otpauthUri: otpauthUri(this.config.TOTP_ISSUER, account, encoded) };
  }

  async verify(caller: CallerInfo, code: string): Promise<void> {
    await this.tx.run(async (m) => {
      const row = await this.repo.lock(m, caller.telegramId);
      if (!row)
        throw new TwoFactorException(Code.NotEnrolled, 'Start with POST /api/user/security/2fa');
      if (row.enabled)
        throw new TwoFactorException(
          Code.AlreadyEnabled,
          'Two-factor authentication is already on',
        );
      const step = await this.match(caller.telegramId, row.secretEnc, code, row.lastStep);
      await this.repo.update(m, caller.telegramId, {
        enabled: true,
        lastStep: step,
        enabledAt: new Date(),
      });
      await this.audit.add(
        {
          actorId: caller.telegramId,
          targetId: caller.telegramId,
          action: 'settings.update',
          details: { two_factor_enabled: { old: false, new: true } },
          ip: caller.ip,
        },
        m,
      );
    });
  }

  async disable(caller: CallerInfo, code: string): Promise<void> {
    await this.tx.run(async (m) => {
      const row = await this.repo.lock(m, caller.telegramId);
      if (!row?.enabled)
        throw new TwoFactorException(Code.NotEnabled, 'Two-factor authentication is off');
      await this.match(caller.telegramId, row.secretEnc, code, row.lastStep);
      await this.repo.remove(m, caller.telegramId);
      await this.audit.add(
        {
          actorId: caller.telegramId,
          targetId: caller.telegramId,
          action: 'settings.update',
          details: { two_factor_enabled: { old: true, new: false } },
          ip: caller.ip,
        },
        m,
      );
    });
  }

  /** For critical actions: a user with 2FA on must send a valid, unused code. */
  async check(telegramId: UserId, code: string): Promise<CodeCheck> {
    return this.tx.run(async (m) => {
      const row = await this.repo.lock(m, telegramId);
      if (!row?.enabled) return { required: false, valid: true };
      if (!code) return { required: true, valid: false };
      try {
        const step = await this.match(telegramId, row.secretEnc, code, row.lastStep);
        await this.repo.update(m, telegramId, { lastStep: step });
        return { required: true, valid: true };
      } catch (err) {
        if (err instanceof TwoFactorException && err.code === String(Code.InvalidCode))
          return { required: true, valid: false };
        throw err;
      }
    });
  }

  /** Throws two_factor_required / invalid_two_factor_code unless the action may proceed. */
  async require(telegramId: UserId, code: string): Promise<void> {
    const result = await this.check(telegramId, code);
    if (result.valid) return;
    if (!code)
      throw new TwoFactorException(
        Code.CodeRequired,
        'This action needs your two-factor code (field "code")',
      );
    throw new TwoFactorException(
      Code.InvalidCode,
      'The two-factor code is wrong or was already used',
    );
  }

  private async match(
    telegramId: UserId,
    secretEnc: string,
    code: string,
    lastStep: number,
  ): Promise<number> {
    const key = `auth:2fa:fail:${telegramId}`;
    const failures = Number((await this.redis.get(key)) ?? 0);
    if (failures >= MAX_FAILURES) {
      throw new TwoFactorException(
        Code.TooManyAttempts,
        'Too many wrong two-factor codes; try again in a few minutes',
      );
    }
    if (!code)
      throw new TwoFactorException(Code.CodeRequired, 'Send your two-factor code (field "code")');
    const step = verifyTotp(this.box.open(secretEnc, String(telegramId)), code, lastStep);
    if (step === undefined) {
      await this.redis.multi().incr(key).expire(key, FAILURE_WINDOW_S).exec();
      throw new TwoFactorException(
        Code.InvalidCode,
        'The two-factor code is wrong or was already used',
      );
    }
    await this.redis.del(key);
    return step;
  }
}
