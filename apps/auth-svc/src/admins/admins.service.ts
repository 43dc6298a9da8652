import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import type { auth } from '@trafficshare/contracts';
import { DATA_SOURCE } from '@trafficshare/service-kit';

import { AuditRepository } from '../common/audit.repository';
import type { CallerInfo } from '../common/caller';
import { RedisSignals } from '../common/redis-signals';
import { SessionsService } from '../sessions/sessions.service';
import { RoleResolver } from '../users/role-resolver';
import { UsersRepository } from '../users/users.repository';
import { AdminEntity, type AdminRole } from './admin.entity';
import { AdminsException, AdminsExceptionCode as Code } from './admins.exception';

const ROLES: readonly string[] = ['moderator', 'superadmin'];
const RANK: Record<AdminRole | 'user', number> = { user: 0, moderator: 1, superadmin: 2 };

export interface AdminInput {
  readonly telegramId: number;
  readonly username?: string;
  readonly phone?: string;
  readonly role?: string;
}

/**
 * Admins CRUD (superadmin only; the gateway and the gRPC controller both check). A demoted or
 * removed admin's sessions end at once, so an old token never keeps a lost role.
 */
@Injectable()
export class AdminsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly roles: RoleResolver,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly signals: RedisSignals,
    private readonly audit: AuditRepository,
  ) {}

  async list(): Promise<auth.Admin[]> {
    const rows = await this.ds.manager.find(AdminEntity, { order: { createdAt: 'ASC' } });
    const env = this.roles.envSuperadmins.map((id): auth.Admin => ({
      telegramId: id,
      username: '',
      phone: '',
      role: 'superadmin',
      fromEnv: true,
      createdAt: '',
    }));
    return [...env, ...rows.filter((r) => !this.roles.isEnvSuperadmin(r.telegramId)).map(toProto)];
  }

  async add(caller: CallerInfo, input: AdminInput): Promise<auth.Admin> {
    const role = this.role(input.role ?? 'moderator');
    this.notEnv(input.telegramId);
    return this.ds.transaction(async (m) => {
      if (await m.findOne(AdminEntity, { where: { telegramId: input.telegramId } })) {
        throw new AdminsException(Code.AdminExists, 'This user is already an admin');
      }
      const row: Partial<AdminEntity> = {
        telegramId: input.telegramId,
        username: input.username ?? '',
        phone: input.phone ?? '',
        role,
        createdBy: caller.telegramId,
      };
      await m.insert(AdminEntity, row);
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
      return toProto((await m.findOne(AdminEntity, { where: { telegramId: input.telegramId } }))!);
    });
  }

  async update(caller: CallerInfo, input: AdminInput): Promise<auth.Admin> {
    this.notEnv(input.telegramId);
    const role = input.role === undefined ? undefined : this.role(input.role);
    const result = await this.ds.transaction(async (m) => {
      const row = await m.findOne(AdminEntity, {
        where: { telegramId: input.telegramId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) throw new AdminsException(Code.AdminNotFound, 'No such admin');
      const next = {
        ...row,
        ...(role ? { role } : {}),
        ...(input.username !== undefined ? { username: input.username } : {}),
        ...(input.phone !== undefined ? { phone: input.phone } : {}),
      };
      await m.update(
        AdminEntity,
        { telegramId: row.telegramId },
        { role: next.role, username: next.username, phone: next.phone },
      );
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

  async remove(caller: CallerInfo, telegramId: number): Promise<void> {
    this.notEnv(telegramId);
    const revoked = await this.ds.transaction(async (m) => {
      const row = await m.findOne(AdminEntity, {
        where: { telegramId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) throw new AdminsException(Code.AdminNotFound, 'No such admin');
      await m.delete(AdminEntity, { telegramId });
      await this.syncUserRole(m, telegramId, 'user');
      const ids = await this.sessions.revokeInTx(m, telegramId, 'role_changed');
      await this.audit.add(
        {
          actorId: caller.telegramId,
          targetId: telegramId,
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

  private async syncUserRole(
    m: EntityManager,
    telegramId: number,
    role: AdminRole | 'user',
  ): Promise<void> {
    if (await this.users.findById(telegramId, m)) await this.users.setRole(m, telegramId, role);
  }

  private role(value: string): AdminRole {
    if (!ROLES.includes(value))
      throw new AdminsException(Code.InvalidRole, 'role must be moderator or superadmin');
    return value as AdminRole;
  }

  private notEnv(telegramId: number): void {
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
    role: a.role,
    fromEnv: false,
    createdAt: a.createdAt?.toISOString() ?? '',
  };
}
