import { Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { Transactions } from '@trafficshare/database';
import { DATA_SOURCE } from '@trafficshare/service-kit';

import { AdminsRepository } from '../admins/admins.repository';
import { RoleResolver } from '../users/role-resolver';
import { UsersRepository } from '../users/users.repository';
import { AuditRepository } from './audit.repository';
import { RedisSignals } from './redis-signals';

const TRANSACTIONS = {
  provide: Transactions,
  useFactory: (ds: DataSource) => new Transactions(ds),
  inject: [DATA_SOURCE],
};

/**
 * What every auth feature shares: the transaction helper (services never hold the DataSource),
 * users, roles, the audit trail and Redis signals.
 */
@Module({
  providers: [
    TRANSACTIONS,
    UsersRepository,
    AdminsRepository,
    RoleResolver,
    AuditRepository,
    RedisSignals,
  ],
  exports: [
    Transactions,
    UsersRepository,
    AdminsRepository,
    RoleResolver,
    AuditRepository,
    RedisSignals,
  ],
})
export class CoreModule {}
