import { Module } from '@nestjs/common';

import { DescribeModule } from './describe/describe.module';
import { NewsModule } from './news/news.module';
import { NotificationsModule } from './notifications/notifications.module';
import { TriggersModule } from './triggers/triggers.module';
import { SupportModule } from './support/support.module';

@Module({
  imports: [DescribeModule, NotificationsModule, NewsModule, TriggersModule, SupportModule],
})
export class AppModule {}
