import { Module } from '@nestjs/common';

import { WithdrawController, WithdrawPayout } from './withdraw.controller';

@Module({ controllers: [WithdrawController], providers: [WithdrawPayout.provider] })
export class WithdrawModule {}
