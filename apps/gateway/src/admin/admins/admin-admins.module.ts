import { Module } from '@nestjs/common';

import { AdminAdminsAuth, AdminAdminsController } from './admin-admins.controller';

@Module({ controllers: [AdminAdminsController], providers: [AdminAdminsAuth.provider] })
export class AdminAdminsModule {}
