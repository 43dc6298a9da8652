import { Module } from '@nestjs/common';

import { AdminAdminsController } from './admin-admins.controller';

@Module({ controllers: [AdminAdminsController] })
export class AdminAdminsModule {}
