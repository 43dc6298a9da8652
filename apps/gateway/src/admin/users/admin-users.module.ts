import { Module } from '@nestjs/common';

import { AdminUsersAuth, AdminUsersController } from './admin-users.controller';

@Module({ controllers: [AdminUsersController], providers: [AdminUsersAuth.provider] })
export class AdminUsersModule {}
