import { Module } from '@nestjs/common';

import { DescribeModule } from './describe/describe.module';

@Module({ imports: [DescribeModule] })
export class AppModule {}
