import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { auth } from '@trafficshare/contracts';
import { Transactions } from '@trafficshare/database';
import {
  ADMIN_ROLES,
  roleToProto,
  type CallerInfo,
  type RoleName,
  type UserId,
} from '@trafficshare/identity';

import { AuditRepository } from '../common/audit.repository';
import { RedisSignals } from '../common/redis-signals';
import { SessionsService } from '../sessions/sessions.service';
import { RoleResolver } from '../users/role-resolver';
import { UsersRepository } from '../users/users.repository';
import type { AdminEntity, AdminRole } from './admin.entity';
import { AdminsException, AdminsErrorCode as Code } from './admins.exception';
import { AdminsRepository } from './admins.repository';

const RANK: Record<RoleName, number> = { user: 0, moderator: 1, superadmin: 2 };

export interface AdminInput {
  readonly telegramId: UserId;
  readonly username?: string;
  readonly phone?: string;
  /** A role name; anything but moderator or superadmin is refused. */
  readonly role?: string;
}

/**
 * Admins CRUD (superadmin only; the gateway and the gRPC controller both check). A demoted or
 * removed admin's sessions end at once, so an old token never keeps a lost role.
 */
@Injectable()
export class AdminsService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: AdminsRepository,
    private readonly roles: RoleResolver,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly signals: RedisSignals,
    private readonly audit: AuditRepository,
  ) {}

  async list(): Promise<auth.Admin[]> {
    const rows = await this.repo.listAll();
    const env = this.roles.envSuperadmins.map((id): auth.Admin => ({
      telegramId: id,
      username: '',
      phone: '',
      role: roleToProto('superadmin'),
      fromEnv: true,
      createdAt: '',
    }));
    return [...env, ...rows.filter((r) => !this.roles.isEnvSuperadmin(r.telegramId)).map(toProto)];
  }

  async add(caller: CallerInfo, input: AdminInput): Promise<auth.Admin> {
    const role = this.role(input.role ?? 'moderator');
    this.notEnv(input.telegramId);
    return this.tx.run(async (m) => {
      if (await this.repo.find(input.telegramId, m)) {
        throw new AdminsException(Code.AdminExists, 'This user is already an admin');
      }
      await this.repo.insert(m, {
        telegramId: input.telegramId,
        username: input.username ?? '',
        phone: input.phone ?? '',
        role,
        createdBy: caller.telegramId,
      });
      await this.syncUserRole(m, input.telegramId, role);
      await this.audit.add(
        {
          actorId: caller.telegramId,
          targetId: input.telegramId,
          action: 'admin.admins.add',
          details: { role },
          ip: caller.ip,
        },
        m,
      );
      return toProto((await this.repo.find(input.telegramId, m))!);
    });
  }

  async update(caller: CallerInfo, input: AdminInput): Promise<auth.Admin> {
    this.notEnv(input.telegramId);
    const role = input.role === undefined ? undefined : this.role(input.role);
    const result = await this.tx.run(async (m) => {
      const row = await this.repo.lock(m, input.telegramId);
      if (!row) throw new AdminsException(Code.AdminNotFound, 'No such admin');
      const next = {
        ...row,
        ...(role ? { role } : {}),
        ...(input.username !== undefined ? { username: input.username } : {}),
        ...(input.phone !== undefined ? { phone: input.phone } : {}),
      };
      await this.repo.update(m, row.telegramId, {
        role: next.role,
        username: next.username,
        phone: next.phone,
      });
      await this.syncUserRole(m, row.telegramId, next.role);
      const revoked =
        RANK[next.role] < RANK[row.role]
          ? await this.sessions.revokeInTx(m, row.telegramId, 'role_changed')
          : [];
      await this.audit.add(
        {
          actorId: caller.telegramId,
          targetId: row.telegramId,
          action: 'admin.admins.update',
          details: { role: { old: row.role, new: next.role } },
          ip: caller.ip,
        },
        m,
      );
      return { admin: toProto(next), revoked };
    });
    await this.signals.revokeSessions(result.revoked);
    return result.admin;
  }

  async remove(caller: CallerInfo, admin: UserId): Promise<void> {
    this.notEnv(admin);
    const revoked = await this.tx.run(async (m) => {
      const row = await this.repo.lock(m, admin);
      if (!row) throw new AdminsException(Code.AdminNotFound, 'No such admin');
      await this.repo.remove(m, admin);
      await this.syncUserRole(m, admin, 'user');
      const ids = await this.sessions.revokeInTx(m, admin, 'role_changed');
      await this.audit.add(
        {
          actorId: caller.telegramId,
          targetId: admin,
          action: 'admin.admins.remove',
          details: { role: row.role },
          ip: caller.ip,
        },
        m,
      );
      return ids;
    });
    await this.signals.revokeSessions(revoked);
  }

  private async syncUserRole(m: EntityManager, user: UserId, role: RoleName): Promise<void> {
    if (await this.users.findById(user, m)) await this.users.setRole(m, user, role);
  }

  private role(value: string): AdminRole {
    if (!(ADMIN_ROLES as readonly string[]).includes(value))
      throw new AdminsException(Code.InvalidRole, 'role must be moderator or superadmin');
    return value as AdminRole;
  }

  private notEnv(telegramId: UserId): void {
    if (this.roles.isEnvSuperadmin(telegramId)) {
      throw new AdminsException(
        Code.EnvSuperadmin,
        'This superadmin comes from ADMIN_IDS; change the environment instead',
      );
    }
  }
}

function toProto(a: AdminEntity): auth.Admin {
  return {
    telegramId: a.telegramId,
    username: a.username,
    phone: a.phone,
    role: roleToProto(a.role),
    fromEnv: false,
    createdAt: a.createdAt?.toISOString() ?? '',
  };
}
