import { Module } from '@nestjs/common';

import { DescribeModule } from './describe/describe.module';
import { WithdrawModule } from './withdraw/withdraw.module';

@Module({ imports: [DescribeModule, WithdrawModule] })
export class AppModule {}
