import { Module } from '@nestjs/common';

import { AdminWithdrawsController, AdminWithdrawsPayout } from './admin-withdraws.controller';

@Module({ controllers: [AdminWithdrawsController], providers: [AdminWithdrawsPayout.provider] })
export class AdminWithdrawsModule {}
