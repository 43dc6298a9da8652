import { Inject, Injectable } from '@nestjs/common';

import type { auth } from '@trafficshare/contracts';
import { Transactions } from '@trafficshare/database';
import { roleToProto } from '@trafficshare/identity';
import type { Outbox } from '@trafficshare/messaging';
import { CONFIG, OUTBOX } from '@trafficshare/service-kit';

import { RedisSignals } from '../common/redis-signals';
import type { AppConfig } from '../config';
import { EntitlementsService } from '../entitlements/entitlements.service';
import { SessionsService, type ClientMeta } from '../sessions/sessions.service';
import { ReferralsService } from '../referrals/referrals.service';
import { SettingsRepository } from '../settings/settings.repository';
import { RoleResolver } from '../users/role-resolver';
import { UsersRepository } from '../users/users.repository';
import { isLoginRevoked } from './login-revocation';
import { TelegramLoginException, TelegramLoginErrorCode as Code } from './telegram-login.exception';
import {
  verifyLoginWidget,
  verifyWebAppInitData,
  type TelegramIdentity,
  type VerifyFailure,
} from './telegram-verifier';

export type LoginMethod = 'telegram' | 'webapp';

export interface LoginResult {
  readonly user: auth.LoginUser;
  readonly tokens: auth.TokenPair;
}

const FAILURES: Record<VerifyFailure, [Code, string]> = {
  invalid_signature: [Code.InvalidSignature, 'Invalid Telegram signature'],
  expired: [Code.AuthExpired, 'Telegram login data is too old; log in again'],
  future: [Code.AuthDateInFuture, 'Telegram auth_date is in the future'],
  malformed: [Code.InvalidPayload, 'Telegram login data is malformed'],
};

/** Telegram login: verify, create or update the user, open a session, issue tokens. */
@Injectable()
export class TelegramLoginService {
  constructor(
    private readonly tx: Transactions,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly roles: RoleResolver,
    private readonly sessions: SessionsService,
    private readonly settings: SettingsRepository,
    private readonly entitlements: EntitlementsService,
    private readonly signals: RedisSignals,
    private readonly referrals: ReferralsService,
  ) {}

  /** `referralCode`: from the web link (`?ref=<code>`), used at the first login only. */
  loginWidget(
    fields: ReadonlyArray<{ key: string; value: string }>,
    client: ClientMeta,
    referralCode = '',
  ): Promise<LoginResult> {
    return this.login(
      verifyLoginWidget(fields, this.verifyOptions()),
      client,
      'telegram',
      referralCode,
    );
  }

  /** The Mini App's signed `start_param` (`ref_<code>`) is the referral code. */
  loginWebApp(initData: string, client: ClientMeta): Promise<LoginResult> {
    const verified = verifyWebAppInitData(initData, this.verifyOptions());
    const startParam = typeof verified === 'string' ? '' : (verified.startParam ?? '');
    return this.login(verified, client, 'webapp', startParam);
  }

  private verifyOptions() {
    return {
      botToken: this.config.TELEGRAM_BOT_TOKEN,
      maxAgeS: this.config.TELEGRAM_AUTH_MAX_AGE_S,
      nowS: Math.floor(Date.now() / 1000),
    };
  }

  private async login(
    verified: TelegramIdentity | VerifyFailure,
    client: ClientMeta,
    method: LoginMethod,
    referralCode: string,
  ): Promise<LoginResult> {
    if (typeof verified === 'string') {
      const [code, message] = FAILURES[verified];
      throw new TelegramLoginException(code, message);
    }
    const identity = verified;
    const role = await this.roles.roleOf(identity.telegramId);
    const refreshTtlS = await this.sessions.refreshTtlS();
    const outcome = await this.tx.run(async (m) => {
      // The user row is locked from here: a concurrent logout_all/reset/ban (which writes the
      // row first) either finished before (its instant is seen) or waits and then ends the
      // session opened here.
      const { user, created, changed } = await this.users.upsertFromTelegram(m, identity, role);
      if (user.banned) return { banned: true } as const;
      if (isLoginRevoked(identity.authDate, user.loginsRevokedAt)) {
        // Rolls the profile refresh back too: a stale payload changes nothing.
        throw new TelegramLoginException(
          Code.AuthRevoked,
          'This Telegram login was made before all your sessions were ended; log in with Telegram again',
        );
      }
      const now = new Date().toISOString();
      if (created) {
        await this.settings.createDefaults(m, user.telegramId, user.language);
        await this.entitlements.grantFree(m, user.telegramId);
        await this.outbox.add(m, 'UserRegistered', {
          telegramId: user.telegramId,
          username: user.username ?? '',
          firstName: user.firstName,
          language: user.language,
          registeredAt: now,
        });
      } else if (changed.length > 0) {
        await this.outbox.add(m, 'UserUpdated', {
          telegramId: user.telegramId,
          username: user.username ?? '',
          firstName: user.firstName,
          role: user.role,
          language: user.language,
          changed: changed.map((c) => c.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`)),
          updatedAt: now,
        });
      }
      const singleDevice =
        (await this.settings.find(user.telegramId, m))?.singleDeviceMode === true;
      const opened = await this.sessions.open(m, user, client, method, singleDevice, refreshTtlS);
      // After the session: its IP is in the login history the fraud rules look at.
      await this.referrals.onLogin(m, user, created, referralCode || null, client, method);
      return { user, opened } as const;
    });
    if ('banned' in outcome)
      throw new TelegramLoginException(Code.UserBanned, 'Your account is banned');
    const { user, opened } = outcome;
    await this.signals.revokeSessions(opened.revoked);
    const access = await this.sessions.signAccess(user, opened.sessionId);
    return {
      user: {
        telegramId: user.telegramId,
        username: user.username ?? '',
        firstName: user.firstName,
        photoUrl: user.photoUrl ?? '',
        role: roleToProto(user.role),
      },
      tokens: {
        accessToken: access.token,
        refreshToken: opened.refreshToken,
        expiresIn: access.ttlS,
        sessionId: opened.sessionId,
      },
    };
  }
}
