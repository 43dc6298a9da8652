import { Module } from '@nestjs/common';

import { AdminsRepository } from '../admins/admins.repository';
import { RoleResolver } from '../users/role-resolver';
import { UsersRepository } from '../users/users.repository';
import { AuditRepository } from './audit.repository';
import { RedisSignals } from './redis-signals';

/** What every auth feature shares: users, roles, the audit trail and Redis signals. */
@Module({
  providers: [UsersRepository, AdminsRepository, RoleResolver, AuditRepository, RedisSignals],
  exports: [UsersRepository, AdminsRepository, RoleResolver, AuditRepository, RedisSignals],
})
export class CoreModule {}
