import { Module } from '@nestjs/common';

import { AdminSubscriptionsController } from './admin-subscriptions.controller';
import { AdminUsersController } from './admin-users.controller';

@Module({ controllers: [AdminUsersController, AdminSubscriptionsController] })
export class AdminUsersModule {}
