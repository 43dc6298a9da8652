import type { EntityManager } from 'typeorm';
import { Inject, Injectable } from '@nestjs/common';

import type { auth } from '@trafficshare/contracts';
import { Transactions } from '@trafficshare/database';
import {
  IdentityErrorCode,
  IdentityException,
  isAdmin,
  roleToProto,
  type CallerInfo,
  type UserId,
} from '@trafficshare/identity';
import type { Outbox } from '@trafficshare/messaging';
import { OUTBOX } from '@trafficshare/service-kit';

import { AuditRepository } from '../common/audit.repository';
import { RedisSignals } from '../common/redis-signals';
import { toLoginRecord } from '../sessions/login-record';
import { SessionsService } from '../sessions/sessions.service';
import { RoleResolver } from '../users/role-resolver';
import type { UserEntity } from '../users/user.entity';
import { UsersException } from '../users/users.exception';
import { UsersRepository } from '../users/users.repository';

/** Admin 'Users Management': list/search, ban/unban, reset token, sessions. */
@Injectable()
export class UsersAdminService {
  constructor(
    private readonly tx: Transactions,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    private readonly users: UsersRepository,
    private readonly roles: RoleResolver,
    private readonly sessions: SessionsService,
    private readonly signals: RedisSignals,
    private readonly audit: AuditRepository,
  ) {}

  async list(query: string, limit: number, offset: number): Promise<auth.ListUsersResponse> {
    const page = await this.users.listAll(query, limit, offset);
    return { users: page.users.map(toSummary), total: page.total };
  }

  async setBanned(
    caller: CallerInfo,
    telegramId: UserId,
    banned: boolean,
    reason: string,
  ): Promise<auth.UserSummary> {
    const result = await this.tx.run(async (m) => {
      const user = await this.users.lockById(m, telegramId);
      if (!user) throw UsersException.notFound();
      await this.assertMayManage(caller, user, m);
      if (user.banned === banned) return { user, revoked: [] as string[] };
      await this.users.setBanned(m, telegramId, banned, banned ? reason.slice(0, 500) : null);
      const revoked = banned ? await this.sessions.revokeEverywhere(m, telegramId, 'ban') : [];
      await this.outbox.add(m, 'UserBanned', {
        telegramId,
        banned,
        reason,
        adminId: caller.telegramId,
        at: new Date().toISOString(),
      });
      await this.audit.add(
        {
          actorId: caller.telegramId,
          targetId: telegramId,
          action: banned ? 'admin.user.ban' : 'admin.user.unban',
          details: { reason },
          ip: caller.ip,
        },
        m,
      );
      return { user: { ...user, banned, banReason: banned ? reason : null }, revoked };
    });
    await this.signals.setBanned(telegramId, banned);
    await this.signals.revokeSessions(result.revoked);
    return toSummary(result.user);
  }

  async resetToken(caller: CallerInfo, telegramId: UserId): Promise<number> {
    const user = await this.users.findById(telegramId);
    if (!user) throw UsersException.notFound();
    await this.assertMayManage(caller, user);
    return this.sessions.revokeAll(telegramId, 'reset_token', caller.telegramId, caller.ip);
  }

  async sessionsOf(telegramId: UserId): Promise<auth.LoginRecord[]> {
    const user = await this.users.findById(telegramId);
    if (!user) throw UsersException.notFound();
    return (await this.sessions.history(telegramId, 50)).map((s) => toLoginRecord(s));
  }

  /** Moderators manage users, not admins; nobody bans an ADMIN_IDS superadmin or themselves. */
  /** `m`: the caller's transaction, if any (the role is read on its connection). */
  private async assertMayManage(
    caller: CallerInfo,
    target: UserEntity,
    m?: EntityManager,
  ): Promise<void> {
    if (target.telegramId === caller.telegramId) {
      throw new IdentityException(
        IdentityErrorCode.Forbidden,
        'You cannot do this to your own account',
      );
    }
    if (this.roles.isEnvSuperadmin(target.telegramId)) {
      throw new IdentityException(
        IdentityErrorCode.Forbidden,
        'Superadmins from ADMIN_IDS cannot be managed through the API',
      );
    }
    const targetRole = await this.roles.roleOf(target.telegramId, m);
    if (isAdmin({ role: targetRole }) && caller.role !== 'superadmin') {
      throw new IdentityException(
        IdentityErrorCode.Forbidden,
        'Only a superadmin can act on another admin',
      );
    }
  }
}

export function toSummary(u: UserEntity): auth.UserSummary {
  return {
    telegramId: u.telegramId,
    username: u.username ?? '',
    firstName: u.firstName,
    role: roleToProto(u.role),
    banned: u.banned,
    banReason: u.banReason ?? '',
    lastLogin: u.authDate?.toISOString() ?? '',
    lastLoginDevice: u.lastLoginDevice ?? '',
    createdAt: u.createdAt.toISOString(),
  };
}
