import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { Transactions } from '@trafficshare/database';
import type { CallerInfo, UserId } from '@trafficshare/identity';
import type { Outbox } from '@trafficshare/messaging';
import { CONFIG, OUTBOX } from '@trafficshare/service-kit';

import { AuditRepository } from '../common/audit.repository';
import { RedisSignals } from '../common/redis-signals';
import type { AppConfig } from '../config';
import { SystemSettingsService } from '../system-settings/system-settings.service';
import { TwoFactorService } from '../two-factor/two-factor.service';
import { RoleResolver } from '../users/role-resolver';
import type { UserEntity } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { deviceName } from './device';
import { GeoIpService } from './geoip.service';
import type { LoginSessionEntity } from './login-session.entity';
import { SessionsException, SessionsErrorCode as Code } from './sessions.exception';
import { SessionsRepository } from './sessions.repository';
import { TokenSigner } from './token-signer';

export interface ClientMeta {
  readonly ip: string;
  readonly userAgent: string;
}

export interface IssuedTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
  readonly sessionId: string;
}

export interface OpenedSession {
  readonly sessionId: string;
  readonly refreshToken: string;
  /** Other sessions ended by single device mode (signal them after commit). */
  readonly revoked: string[];
}

type Failure = { readonly error: Code; readonly revoked?: string[] };
type Rotated = {
  readonly user: UserEntity;
  readonly session: LoginSessionEntity;
  readonly next: string;
};
type Renewed = { readonly user: UserEntity; readonly session: LoginSessionEntity };

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Login sessions: refresh-token families with rotation and reuse detection, revocation. */
@Injectable()
export class SessionsService {
  private readonly signer: TokenSigner;

  constructor(
    private readonly tx: Transactions,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    @Inject(CONFIG) config: AppConfig,
    private readonly repo: SessionsRepository,
    private readonly users: UsersRepository,
    private readonly roles: RoleResolver,
    private readonly geo: GeoIpService,
    private readonly signals: RedisSignals,
    private readonly twoFactor: TwoFactorService,
    private readonly audit: AuditRepository,
    private readonly systemSettings: SystemSettingsService,
  ) {
    this.signer = new TokenSigner(config.JWT_PRIVATE_KEY, config.ACCESS_TOKEN_TTL_S, {
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
    });
  }

  /** An access token living as long as the `security` system setting says now. */
  async signAccess(
    user: Pick<UserEntity, 'telegramId' | 'username' | 'role' | 'subscriptionVersion'>,
    sessionId: string,
  ): Promise<{ readonly token: string; readonly ttlS: number }> {
    const ttlS = (await this.systemSettings.security()).access_token_ttl_s;
    const token = this.signer.sign(
      {
        telegramId: user.telegramId,
        username: user.username ?? '',
        role: user.role,
        sessionId,
        subscriptionVersion: user.subscriptionVersion,
      },
      undefined,
      ttlS,
    );
    return { token, ttlS };
  }

  /** Opens a session inside the login transaction; single device mode ends the others. */
  /** How long a refresh token lives now (the `security` system setting). Read it before the
   *  login transaction: the settings may need a pooled connection of their own, and a
   *  transaction that waits for a second connection starves the pool under concurrent logins. */
  async refreshTtlS(): Promise<number> {
    return (await this.systemSettings.security()).refresh_token_ttl_s;
  }

  /** Opens a login session inside the caller's transaction (`m` only: no other connection). */
  async open(
    m: EntityManager,
    user: UserEntity,
    client: ClientMeta,
    method: string,
    singleDevice: boolean,
    refreshTtlS: number,
  ): Promise<OpenedSession> {
    const sessionId = randomUUID();
    const refreshToken = randomBytes(32).toString('base64url');
    const device = deviceName(client.userAgent);
    const { city, country } = this.geo.lookup(client.ip);
    const now = new Date();
    const seen = await this.repo.seenBefore(m, user.telegramId, client.ip, device);
    await this.repo.insert(m, {
      id: sessionId,
      telegramId: user.telegramId,
      ip: client.ip,
      userAgent: client.userAgent.slice(0, 512),
      device,
      city,
      country,
      method,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + refreshTtlS * 1000),
    });
    await this.repo.insertRefreshToken(m, sessionId, hashToken(refreshToken));
    await this.users.recordLogin(m, user.telegramId, client.ip, device, now);
    await this.audit.add(
      {
        actorId: user.telegramId,
        targetId: user.telegramId,
        action: 'auth.login',
        details: { method, device, city, session_id: sessionId },
        ip: client.ip,
      },
      m,
    );
    if (seen.any && (!seen.ip || !seen.device)) {
      await this.outbox.add(m, 'NewLoginDetected', {
        telegramId: user.telegramId,
        sessionId,
        ip: client.ip,
        device,
        city,
        country,
        newIp: !seen.ip,
        newDevice: !seen.device,
        at: now.toISOString(),
      });
    }
    const revoked = singleDevice
      ? await this.revokeInTx(m, user.telegramId, 'single_device_mode', sessionId)
      : [];
    return { sessionId, refreshToken, revoked };
  }

  /** Rotates a refresh token. A spent token is a theft signal: the whole family is revoked. */
  async refresh(refreshToken: string, client: ClientMeta): Promise<IssuedTokens> {
    const hash = hashToken(refreshToken);
    const outcome = await this.tx.run(async (m): Promise<Failure | Rotated> => {
      const row = await this.repo.lockRefreshToken(m, hash);
      if (!row) return { error: Code.InvalidRefreshToken };
      const session = (await this.repo.findOfRefreshToken(m, row))!;
      if (row.spentAt) {
        const revoked = session.revokedAt
          ? []
          : await this.revokeInTx(
              m,
              session.telegramId,
              'refresh_token_reuse',
              undefined,
              session.id,
            );
        return { error: Code.RefreshTokenReused, revoked };
      }
      if (session.revokedAt) return { error: Code.SessionRevoked };
      if (session.expiresAt.getTime() <= Date.now()) return { error: Code.SessionExpired };
      const user = (await this.users.findById(session.telegramId, m))!;
      if (user.banned) return { error: Code.UserBanned };
      const role = await this.roles.roleOf(user.telegramId, m);
      if (role !== user.role) await this.users.setRole(m, user.telegramId, role);
      const next = randomBytes(32).toString('base64url');
      await this.repo.spendRefreshToken(m, hash);
      await this.repo.insertRefreshToken(m, session.id, hashToken(next));
      await this.repo.touch(m, session.id, { lastSeenAt: new Date() });
      // A token used from another IP than the session was issued to: the owner is told (once per
      // session and IP: notify-svc keys the alert by both).
      if (client.ip && session.ip && client.ip !== session.ip) {
        await this.outbox.add(m, 'TokenUsedFromNewIp', {
          telegramId: session.telegramId,
          sessionId: session.id,
          issuedIp: session.ip,
          ip: client.ip,
          device: session.device ?? '',
          at: new Date().toISOString(),
        });
      }
      return { user: { ...user, role }, session, next };
    });
    if ('error' in outcome) {
      await this.signals.revokeSessions(outcome.revoked ?? []);
      throw new SessionsException(outcome.error, REFRESH_MESSAGES[outcome.error]);
    }
    const access = await this.signAccess(outcome.user, outcome.session.id);
    return {
      accessToken: access.token,
      refreshToken: outcome.next,
      expiresIn: access.ttlS,
      sessionId: outcome.session.id,
    };
  }

  /** A new access token for the caller's session (token renew). */
  async renew(caller: CallerInfo, code: string): Promise<IssuedTokens> {
    const twoFactorOn = await this.twoFactor.isEnabled(caller.telegramId);
    const maxRenewals = (await this.systemSettings.security()).two_factor_max_renewals_without_code;
    const codeOk =
      twoFactorOn && code ? (await this.twoFactor.check(caller.telegramId, code)).valid : false;
    if (twoFactorOn && code && !codeOk)
      throw new SessionsException(
        Code.InvalidTwoFactorCode,
        'The two-factor code is wrong or was already used',
      );
    const outcome = await this.tx.run(async (m): Promise<Failure | Renewed> => {
      const session = await this.repo.lockOwned(m, caller.telegramId, caller.sessionId);
      if (!session || session.revokedAt) return { error: Code.SessionRevoked };
      const user = (await this.users.findById(caller.telegramId, m))!;
      if (user.banned) return { error: Code.UserBanned };
      const renewals = twoFactorOn && !codeOk ? session.renewalsWithoutCode + 1 : 0;
      // A 2FA user renewing this many times in a row without a code is logged out.
      if (renewals >= maxRenewals) {
        const revoked = await this.revokeInTx(
          m,
          caller.telegramId,
          'forced_logout',
          undefined,
          session.id,
        );
        return { error: Code.ForcedLogout, revoked };
      }
      await this.repo.touch(m, session.id, {
        renewalsWithoutCode: renewals,
        lastSeenAt: new Date(),
      });
      const role = await this.roles.roleOf(user.telegramId, m);
      return { user: { ...user, role }, session };
    });
    if ('error' in outcome) {
      await this.signals.revokeSessions(outcome.revoked ?? []);
      throw new SessionsException(outcome.error, REFRESH_MESSAGES[outcome.error]);
    }
    const access = await this.signAccess(outcome.user, outcome.session.id);
    return {
      accessToken: access.token,
      refreshToken: '',
      expiresIn: access.ttlS,
      sessionId: outcome.session.id,
    };
  }

  async logout(caller: CallerInfo): Promise<void> {
    const revoked = await this.tx.run(async (m) => {
      const done = await this.repo.revokeOne(m, caller.telegramId, caller.sessionId, 'logout');
      if (!done) return [];
      await this.revokedEvent(m, caller.telegramId, [caller.sessionId], 'logout');
      await this.audit.add(
        {
          actorId: caller.telegramId,
          targetId: caller.telegramId,
          action: 'auth.logout',
          details: { session_id: caller.sessionId },
          ip: caller.ip,
        },
        m,
      );
      return [caller.sessionId];
    });
    await this.signals.revokeSessions(revoked);
  }

  /** Critical action: with 2FA on it needs a code. */
  async logoutAll(caller: CallerInfo, code: string): Promise<number> {
    await this.twoFactor.require(caller.telegramId, code);
    return this.revokeAll(caller.telegramId, 'logout_all', caller.telegramId, caller.ip);
  }

  /** Ends every session of a user (logout_all, admin reset, ban) and signals the gateways. */
  async revokeAll(owner: UserId, reason: string, actorId: UserId, ip: string): Promise<number> {
    const revoked = await this.tx.run(async (m) => {
      const ids = await this.revokeEverywhere(m, owner, reason);
      await this.audit.add(
        {
          actorId,
          targetId: owner,
          action: `auth.${reason}`,
          details: { sessions: ids.length },
          ip,
        },
        m,
      );
      return ids;
    });
    await this.signals.revokeSessions(revoked);
    return revoked.length;
  }

  /**
   * Inside a transaction: ends every session and refuses every Telegram payload signed until now
   * (logout_all, admin token reset, ban). The user row is written first, so a login running at
   * the same time waits for it and then sees the revocation, or commits first and has its new
   * session ended here.
   */
  async revokeEverywhere(m: EntityManager, owner: UserId, reason: string): Promise<string[]> {
    await this.users.revokeLogins(m, owner, new Date());
    return this.revokeInTx(m, owner, reason);
  }

  /** Inside a transaction; the caller signals Redis after commit. `only` limits it to one session. */
  async revokeInTx(
    m: EntityManager,
    owner: UserId,
    reason: string,
    keep?: string,
    only?: string,
  ): Promise<string[]> {
    const ids = only
      ? (await this.repo.revokeOne(m, owner, only, reason))
        ? [only]
        : []
      : await this.repo.revokeForUser(m, owner, reason, keep);
    if (ids.length > 0) await this.revokedEvent(m, owner, ids, reason);
    return ids;
  }

  history(owner: UserId, limit: number): Promise<LoginSessionEntity[]> {
    return this.repo.history(owner, limit);
  }

  latest(owner: UserId): Promise<LoginSessionEntity | null> {
    return this.repo.latest(owner);
  }

  private async revokedEvent(
    m: EntityManager,
    telegramId: UserId,
    sessionIds: string[],
    reason: string,
  ): Promise<void> {
    await this.outbox.add(m, 'SessionsRevoked', {
      telegramId,
      sessionIds,
      reason,
      at: new Date().toISOString(),
    });
  }
}

const REFRESH_MESSAGES: Record<Code, string> = {
  [Code.InvalidRefreshToken]: 'Refresh token is not valid; log in again',
  [Code.RefreshTokenReused]:
    'Refresh token was already used; every session of this login was ended, log in again',
  [Code.SessionRevoked]: 'This session was ended; log in again',
  [Code.SessionExpired]: 'This session expired; log in again',
  [Code.UserBanned]: 'Your account is banned',
  [Code.TwoFactorRequired]: 'This action needs your two-factor code',
  [Code.InvalidTwoFactorCode]: 'The two-factor code is wrong or was already used',
  [Code.ForcedLogout]:
    'Three token renewals without a two-factor code: this session was ended, log in again',
};
